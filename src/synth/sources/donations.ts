// wbez_donations: the station's membership CRM. Donors (person records), gifts (one-time
// gifts and sustainers' monthly charges) and recurring plans, in a CRM's export shape:
// PascalCase headers, DonorID "D-100234", US dates, "$1,250.00" amounts.
import { DAY } from '../calendar.js';
import type { Ctx, PeriodInfo } from '../context.js';
import type { Facts } from '../facts.js';
import { DONATIONS as D, NOISE, PHONE_FORMAT_WEIGHTS, WORLD } from '../parameters.js';
import { Rng, cumulative, hashSeed, logistic } from '../prng.js';
import { chooseMail, mailbox, recordVersions, versionTimes, type Version } from '../records.js';
import { defaultEmailStyle, renderAddress, renderEmail, renderFirst, renderLast, renderMiddle, renderPhone, renderSuffix, renderZip, type AddressStyle, type NameStyle } from '../render.js';
import { quoter } from '../sink.js';
import { addressAt, lastNameAt, phoneAt, type Person } from '../world.js';

export const SOURCE = 'wbez_donations';
export const DONOR_HEADER = 'DonorID,Title,FirstName,MiddleName,LastName,Suffix,AddressLine1,AddressLine2,City,State,Zip,Phone,PhoneType,Email,BirthDate,DonorSince,LastModified';
export const GIFT_HEADER = 'GiftID,DonorID,GiftDate,Amount,GiftType,CampaignCode,Channel,PaymentMethod,Status,RecurringPlanID,LastModified';
export const PLAN_HEADER = 'PlanID,DonorID,StartDate,Frequency,MonthlyAmount,Status,CancelDate,CancelReason,LastAmountChange,LastModified';

const q = quoter(',');
const nameStyle: NameStyle = { nickname: NOISE.nickname, initial: NOISE.firstInitial, typo: NOISE.nameTypo, fold: 0.12, punct: 0.12, upper: false };
const addrStyle: AddressStyle = { abbreviation: 3, upper: false, typo: NOISE.streetTypo, unitInLine1: NOISE.unitInLine1 };
const phoneCum = cumulative(PHONE_FORMAT_WEIGHTS.crm);
const emailStyle = defaultEmailStyle('wbez');
const levels = D.sustainerLevels;

interface Gift {
  t: number;
  amount: number;
  recurring: boolean;
  code: string;
  channel: string;
  method: string;
  declined: boolean;
  plan: number;
  refundT: number;
  donor: number; // index into donor records
}

interface Plan {
  start: number;
  level: number;
  levelT: number[];
  levelAt: number[];
  next: number;
  charges: number;
  fails: number;
  end: number;
  reason: '' | 'cancel' | 'failed';
  donor: number;
  method: string;
}

const CARD = ['Visa', 'Visa', 'Visa', 'Mastercard', 'Mastercard', 'Amex', 'Discover'];

function fmtMoney(n: number): string {
  const s = n.toFixed(2);
  if (n < 1000) return `$${s}`;
  const [i, f] = s.split('.');
  return `"$${(i as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}"`;
}

function oneTimeAmount(p: Person, rng: Rng): number {
  const raw = D.giftMedian * Math.exp(D.giftWealthSlope * p.wealthZ + D.giftSigma * rng.normal());
  if (rng.chance(D.giftSnapShare)) {
    let best = D.askLevels[0] as number;
    for (const l of D.askLevels) if (Math.abs(Math.log(l / raw)) < Math.abs(Math.log(best / raw))) best = l;
    return best;
  }
  return Math.max(5, Math.round(raw));
}

function occasionTime(P: PeriodInfo, rng: Rng, kind?: string): { t: number; code: string; kind: string } {
  let o = P.occasions[rng.weighted(P.occasionCum)] ?? P.occasions[0];
  if (kind) o = P.occasions.find((x) => x.kind === kind) ?? o;
  if (!o) throw new Error('no occasion');
  let day = o.startDay + rng.int(0, o.days - 1);
  if (o.kind === 'yearEnd' && rng.chance(0.4)) day = o.startDay + 25 + rng.int(0, 5);
  return { t: day * DAY + 7 * 3600 + rng.int(0, 16 * 3600 - 1), code: o.code, kind: o.kind };
}

function channelFor(kind: string, rng: Rng): [string, string, string] {
  // [channel, payment method, campaign code override]
  const r = rng.next();
  if (kind === 'springDrive' || kind === 'fallDrive') return r < 0.55 ? ['Online', rng.pick(CARD), ''] : ['Phone', rng.pick(CARD), ''];
  if (kind === 'yearEnd') return r < 0.6 ? ['Online', rng.chance(0.15) ? 'PayPal' : rng.pick(CARD), ''] : ['Mail', rng.chance(0.7) ? 'Check' : rng.pick(CARD), ''];
  if (kind === 'summerMail') return r < 0.7 ? ['Mail', rng.chance(0.7) ? 'Check' : rng.pick(CARD), ''] : ['Online', rng.pick(CARD), ''];
  if (kind === 'givingTuesday') return ['Online', rng.chance(0.15) ? 'PayPal' : rng.pick(CARD), ''];
  if (r < 0.6) return ['Online', rng.chance(0.12) ? 'PayPal' : rng.pick(CARD), 'WEB'];
  if (r < 0.85) return ['Mail', rng.chance(0.75) ? 'Check' : rng.pick(CARD), 'GEN'];
  if (r < 0.95) return ['Phone', rng.pick(CARD), 'GEN'];
  return ['Event', rng.pick(CARD), 'EVT'];
}

export function simulateDonations(p: Person, ctx: Ctx, rng: Rng, facts: Facts): void {
  const gifts: Gift[] = [];
  const plans: Plan[] = [];
  let firstK = -1;
  let lastK = -1;
  let plan: Plan | null = null;
  let planEndedK = -100;
  const zW = p.wealthZ;
  const zR = p.radioZ;
  const zA = p.ageZ;
  const declineP = D.chargeDeclineRate * Math.exp(D.declineWealth * zW);
  let majorBeforeAsOf = false;

  const runPlan = (pl: Plan, bound: number, e: number): boolean => {
    let gave = false;
    const cancelBase = D.sustainerCancelMonthly * Math.exp(D.sustainerCancelEngagement * e);
    const upP = logistic(D.upgradeYearly.base + D.upgradeYearly.engagement * e + D.upgradeYearly.wealth * zW) / 12;
    while (pl.next <= bound) {
      if (pl.charges > 0) {
        const h = cancelBase * (pl.charges < 6 ? D.sustainerCancelEarlyMultiplier : 1);
        if (rng.chance(h)) {
          pl.end = Math.max(pl.start + DAY, pl.next - rng.int(1, 20) * DAY);
          pl.reason = 'cancel';
          return gave;
        }
        if (pl.level < levels.length - 1 && rng.chance(upP)) {
          pl.level++;
          pl.levelAt.push(pl.level);
          pl.levelT.push(pl.next - rng.int(1, 10) * DAY);
        }
      }
      const declined = rng.chance(pl.fails > 0 ? 1 - D.declineRecovery : declineP);
      gifts.push({ t: pl.next, amount: levels[pl.level] as number, recurring: true, code: 'SUST', channel: 'Recurring', method: pl.method, declined, plan: plans.indexOf(pl), refundT: 0, donor: pl.donor });
      pl.charges++;
      if (declined) {
        pl.fails++;
        if (pl.fails >= D.declinesToLapse) {
          pl.end = pl.next;
          pl.reason = 'failed';
          return gave;
        }
      } else {
        pl.fails = 0;
        gave = true;
      }
      pl.next = ctx.monthsAfter(pl.start, pl.charges);
    }
    return gave;
  };

  const startPlan = (t: number, e: number): Plan => {
    const idx = D.sustainerLevelBase + D.sustainerLevelWealth * zW + D.sustainerLevelNoise * rng.normal() + 0.3 * e;
    const level = Math.max(0, Math.min(D.sustainerMaxStartLevel, Math.round(idx)));
    const pl: Plan = { start: t, level, levelT: [t], levelAt: [level], next: t, charges: 0, fails: 0, end: Infinity, reason: '', donor: 0, method: rng.chance(0.12) ? 'EFT' : rng.pick(CARD) };
    plans.push(pl);
    return pl;
  };

  const oneTime = (t: number, code: string, kind: string, amount: number): void => {
    const [channel, method, override] = channelFor(kind, rng);
    gifts.push({ t, amount, recurring: false, code: override || code, channel, method, declined: false, plan: -1, refundT: rng.chance(D.refundRate) ? t + rng.int(2, 40) * DAY : 0, donor: 0 });
  };

  for (let k = 0; k < ctx.periods.length; k++) {
    const P = ctx.periods[k] as PeriodInfo;
    const e = p.eng[k] as number;
    let gave = false;
    const sustainingAtStart = plan !== null;
    if (plan) {
      gave = runPlan(plan, P.end, e) || gave;
      if (plan.end !== Infinity) {
        plan = null;
        planEndedK = k;
      }
    }
    if (sustainingAtStart) {
      if (rng.chance(D.sustainerExtraGift)) {
        const o = occasionTime(P, rng, rng.chance(0.6) ? 'yearEnd' : undefined);
        oneTime(o.t, o.code, o.kind, oneTimeAmount(p, rng));
        gave = true;
      }
    } else {
      let logit: number;
      if (firstK < 0) logit = D.acquisition.base + D.acquisition.radio * zR + D.acquisition.engagement * e + D.acquisition.wealth * zW + D.acquisition.age * zA;
      else if (lastK === k - 1 && planEndedK !== k - 1 && planEndedK !== k) {
        const r = firstK === k - 1 ? D.retainFirstYear : D.retainRepeat;
        logit = r.base + r.radio * zR + r.engagement * e + r.wealth * zW + ('tenure' in r ? r.tenure * Math.min(5, k - firstK) : 0);
      } else if (planEndedK === k - 1 || planEndedK === k) logit = D.retainFirstYear.base + D.retainFirstYear.engagement * e - 0.3;
      else logit = D.reactivate.base + D.reactivate.engagement * e + D.reactivate.perYearLapsed * (k - lastK - 1);
      if (rng.chance(logistic(logit))) {
        const o = occasionTime(P, rng);
        const sust =
          firstK < 0
            ? rng.chance(logistic(D.newAsSustainer.base + D.newAsSustainer.engagement * e + D.newAsSustainer.age * zA))
            : planEndedK < k - 1 && rng.chance(logistic(D.convertToSustainer.base + D.convertToSustainer.engagement * e + D.convertToSustainer.radio * zR));
        if (sust && planEndedK !== k) {
          plan = startPlan(o.t, e);
          gave = runPlan(plan, P.end, e) || gave;
          if (plan.end !== Infinity) {
            plan = null;
            planEndedK = k;
          }
        } else {
          oneTime(o.t, o.code, o.kind, oneTimeAmount(p, rng));
          gave = true;
          const extra = rng.poisson(D.extraGiftsMean * Math.exp(0.35 * e));
          for (let i = 0; i < extra; i++) {
            const x = occasionTime(P, rng);
            oneTime(x.t, x.code, x.kind, oneTimeAmount(p, rng));
          }
        }
      }
    }
    if (zW > D.majorGiftWealthZ && (gave || sustainingAtStart) && rng.chance(D.majorGiftYearly * Math.exp(0.3 * e))) {
      const o = occasionTime(P, rng, rng.chance(0.5) ? 'yearEnd' : undefined);
      oneTime(o.t, o.code, o.kind, rng.pick(D.majorGiftAmounts));
    }
    if (gave) {
      if (firstK < 0) firstK = k;
      lastK = k;
    }
  }
  if (!gifts.length) return;
  gifts.sort((a, b) => a.t - b.t);

  // --- outcomes: the 12 months before and after asOf -------------------------------
  const asOf = ctx.asOfEnd;
  const yearAgo = (ctx.periods[ctx.lastK] as PeriodInfo).start;
  const futureEnd = ctx.futureEnd;
  const posted = (g: Gift) => !g.declined && g.refundT === 0;
  let gaveLast12 = false;
  let gaveBefore = false;
  let futureGift = false;
  let futureMajor = false;
  for (const g of gifts) {
    if (!posted(g)) continue;
    if (g.t <= asOf) {
      gaveBefore = true;
      if (g.t >= yearAgo) {
        gaveLast12 = true;
        facts.giving12m += g.amount;
      }
      if (g.amount >= 1000) majorBeforeAsOf = true;
    } else if (g.t <= futureEnd) {
      futureGift = true;
      facts.futureGiving12m += g.amount;
      if (g.amount >= 1000) futureMajor = true;
    }
  }
  const activePlan = plans.find((pl) => pl.start <= asOf && pl.end > asOf);
  if (activePlan) facts.donorStatus = 'sustainer';
  else if (gaveLast12) facts.donorStatus = 'one_time';
  else if (gaveBefore) facts.donorStatus = 'lapsed';
  if (facts.donorStatus === 'sustainer' || facts.donorStatus === 'one_time') {
    const upgrades: string[] = [];
    if (activePlan) {
      const ended = activePlan.end <= futureEnd;
      facts.churned = ended ? '1' : '0';
      facts.churnBasis = ended ? (activePlan.reason === 'failed' ? 'sustainer_payment_failure' : 'sustainer_cancel') : 'sustainer_active_12m';
      if (activePlan.levelT.some((t, i) => i > 0 && t > asOf && t <= futureEnd)) upgrades.push('amount_increase');
    } else {
      facts.churned = futureGift ? '0' : '1';
      facts.churnBasis = futureGift ? 'gift_within_12m' : 'no_gift_12m';
      if (plans.some((pl) => pl.start > asOf && pl.start <= futureEnd)) upgrades.push('to_sustainer');
    }
    if (futureMajor && !majorBeforeAsOf) upgrades.push('major_gift');
    facts.upgraded = upgrades.length ? '1' : '0';
    facts.upgradeType = upgrades.join('+');
  }

  // --- records ---------------------------------------------------------------------
  const first = gifts.find((g) => g.t <= asOf);
  if (!first) return;
  const created = Math.min(asOf, first.t + rng.int(600, 5 * 3600));
  const records: { id: string; created: number; since: number; seed: number; versions: Version[]; mail: ReturnType<typeof chooseMail> }[] = [];
  const addRecord = (t: number, n: number, since: number) => {
    const id = `D-${100001 + ctx.next('donor')}`;
    const seed = hashSeed(p.seed, 101, n);
    const versions = recordVersions(p, t, asOf, { move: D.updateOnMove, name: D.updateOnName, email: D.updateOnEmail, phone: D.updateOnPhone }, rng);
    records.push({ id, created: t, since, seed, versions, mail: chooseMail(p, rng, { shared: 0.45, work: n ? 0.3 : 0.06, generic: 0.6, none: D.missingEmail }) });
  };
  addRecord(created, 0, first.t);
  const windowGifts = gifts.filter((g) => g.t > created && g.t <= asOf);
  if (windowGifts.length && rng.chance(D.duplicateDonorRate)) {
    const at = windowGifts[rng.int(0, windowGifts.length - 1)] as Gift;
    addRecord(at.t, 1, at.t);
    for (const g of gifts) if (!g.recurring && g.t >= at.t && rng.chance(0.6)) g.donor = 1;
    for (const pl of plans) if (pl.start >= at.t && rng.chance(0.5)) pl.donor = 1;
    for (const g of gifts) if (g.recurring && g.plan >= 0) g.donor = (plans[g.plan] as Plan).donor;
  }

  const donors = ctx.writer('wbez_donations/donors');
  for (const r of records) {
    facts.donorIds.push(r.id);
    ctx.truth(SOURCE, r.id, p.id);
    const title = titleFor(p, r.seed);
    const birth = rngFromSeed(r.seed, 7).chance(D.birthDateShare) ? ctx.clock.usDate(p.birthDay * DAY) : '';
    const since = ctx.clock.usDate(r.since);
    const hasPhone = !rngFromSeed(r.seed, 8).chance(D.missingPhone);
    const useLandline = p.hh.landline !== '' && (p.phones.length === 0 || rngFromSeed(r.seed, 9).chance(0.4));
    donors.writeVersions(versionTimes(r.versions), (i) => {
      const v = r.versions[i] as Version;
      const a = addressAt(p.hh, v.ka);
      const [l1, l2] = renderAddress(a, r.seed, addrStyle);
      const phone = hasPhone ? (useLandline ? p.hh.landline : phoneAt(p, v.kp)) : '';
      const phoneTxt = renderPhone(phone, r.seed, phoneCum, useLandline ? NOISE.phoneExtension : 0);
      const email = renderEmail(mailbox(p, r.mail, v.ke), r.seed, emailStyle);
      return `${r.id},${title},${q(renderFirst(p, r.seed, nameStyle))},${q(renderMiddle(p, r.seed, nameStyle))},${q(renderLast(lastNameAt(p, v.kn), r.seed, nameStyle))},${renderSuffix(p, r.seed)},${q(l1)},${q(l2)},${q(a.city)},${a.state},${renderZip(a, r.seed, WORLD.zip4Share)},${phoneTxt},${phoneTxt ? (useLandline ? 'Home' : 'Mobile') : ''},${q(email)},${birth},${since},${ctx.clock.usTs(v.t)}\n`;
    });
  }

  const giftW = ctx.writer('wbez_donations/gifts');
  const planIds = plans.map((pl) => (pl.start <= asOf && (pl.end === Infinity || pl.end >= ctx.exportStart) ? `RG-${10001 + ctx.next('plan')}` : ''));
  for (const g of gifts) {
    if (g.t < ctx.exportStart || g.t > asOf) continue;
    const id = String(7000001 + ctx.next('gift'));
    const donorId = (records[g.donor] ?? records[0])?.id as string;
    const planId = g.plan >= 0 ? (planIds[g.plan] as string) : '';
    const mod = Math.min(asOf, g.t + (g.recurring ? 1800 : rng.int(3600, 3 * DAY)));
    const base = `${id},${donorId},${ctx.clock.usDate(g.t)},${fmtMoney(g.amount)},${g.recurring ? 'recurring' : 'one_time'},${g.code},${g.channel},${g.method},`;
    const refundAt = g.refundT ? Math.max(g.refundT, mod + 3600) : 0;
    if (refundAt && refundAt <= asOf) {
      giftW.writeVersions([mod, refundAt], (i) => `${base}${i === 0 ? 'Posted' : 'Refunded'},${planId},${ctx.clock.usTs(i === 0 ? mod : refundAt)}\n`);
    } else giftW.write(mod, `${base}${g.declined ? 'Declined' : 'Posted'},${planId},${ctx.clock.usTs(mod)}\n`);
  }

  const planW = ctx.writer('wbez_donations/recurring_plans');
  plans.forEach((pl, i) => {
    const id = planIds[i];
    if (!id) return;
    const donorId = (records[pl.donor] ?? records[0])?.id as string;
    const times: number[] = [];
    const kinds: number[] = []; // index into levelT, or -1 for the end
    pl.levelT.forEach((t, j) => {
      if (t <= asOf) {
        times.push(j === 0 ? t + 600 : t);
        kinds.push(j);
      }
    });
    if (pl.end <= asOf) {
      times.push(Math.max(pl.end, (times[times.length - 1] as number) + 60));
      kinds.push(-1);
    }
    const levelIdxAt = (t: number): number => {
      let j = 0;
      for (let jj = 1; jj < pl.levelT.length; jj++) if ((pl.levelT[jj] as number) <= t) j = jj;
      return j;
    };
    planW.writeVersions(times, (v) => {
      const kind = kinds[v] as number;
      const ended = kind < 0;
      const j = ended ? levelIdxAt(pl.end) : kind;
      const amount = levels[pl.levelAt[j] as number] as number;
      const lastChange = j > 0 ? ctx.clock.usDate(pl.levelT[j] as number) : '';
      const status = ended ? (pl.reason === 'failed' ? 'Lapsed' : 'Cancelled') : 'Active';
      const reason = ended ? (pl.reason === 'failed' ? 'Payment failure' : cancelReason(pl.start)) : '';
      return `${id},${donorId},${ctx.clock.usDate(pl.start)},Monthly,${fmtMoney(amount)},${status},${ended ? ctx.clock.usDate(pl.end) : ''},${reason},${lastChange},${ctx.clock.usTs(times[v] as number)}\n`;
    });
  });
}

const REASONS = ['Donor request', 'Financial hardship', 'Donor request', 'Moved out of area', 'Switched to annual gift', 'No reason given'];
function cancelReason(seed: number): string {
  return REASONS[Math.abs(Math.floor(seed / 7)) % REASONS.length] as string;
}

function rngFromSeed(seed: number, k: number): Rng {
  return new Rng(hashSeed(seed, k));
}

function titleFor(p: Person, seed: number): string {
  const r = rngFromSeed(seed, 6).next();
  if (r < 0.05) return 'Dr.';
  if (r < 0.3) return '';
  if (!p.female) return 'Mr.';
  return p.lastNames.length > 1 || p.hh.members.length > 1 ? (r < 0.6 ? 'Mrs.' : 'Ms.') : 'Ms.';
}
