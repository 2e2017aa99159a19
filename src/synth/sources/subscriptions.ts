// suntimes_subscriptions: the paper's legacy circulation system. Pipe-delimited files
// with CRLF line ends, upper-case ASCII names ("SMITH, JOHN M"), one-line service
// addresses, ISO timestamps, ids "S-5000123" / "SUB-00001234" / "PMT-000012345".
import { DAY } from '../calendar.js';
import type { Ctx } from '../context.js';
import type { Facts } from '../facts.js';
import { NOISE, PHONE_FORMAT_WEIGHTS, SUBSCRIPTIONS as S } from '../parameters.js';
import { Rng, cumulative, hashSeed, logistic } from '../prng.js';
import { chooseMail, mailbox, recordVersions, versionTimes } from '../records.js';
import { defaultEmailStyle, renderAddress, renderEmail, renderFirst, renderLast, renderMiddle, renderPhone, renderSuffix, type AddressStyle, type NameStyle } from '../render.js';
import { quoter } from '../sink.js';
import { addressAt, lastNameAt, phoneAt, type Person } from '../world.js';

export const SOURCE = 'suntimes_subscriptions';
export const DELIM = '|';
export const EOL = '\r\n';
export const SUBSCRIBER_HEADER = 'subscriber_id|account_name|email|phone|service_address|city|state|zip_code|created_ts|updated_ts';
export const SUBSCRIPTION_HEADER = 'subscription_id|subscriber_id|plan_code|plan_name|billing_period|rate|start_date|end_date|status|auto_renew|canceled_at|cancel_reason|created_ts|updated_ts';
export const PAYMENT_HEADER = 'payment_id|subscription_id|subscriber_id|billed_at|amount|status|decline_code|updated_ts';

const q = quoter(DELIM);
const nameStyle: NameStyle = { nickname: 0.04, initial: 0.03, typo: NOISE.nameTypo * 1.5, fold: 1, punct: 0.4, upper: true };
const addrStyle: AddressStyle = { abbreviation: 1, upper: true, typo: NOISE.streetTypo * 1.5, unitInLine1: 1 };
const phoneCum = cumulative(PHONE_FORMAT_WEIGHTS.circulation);
const emailStyle = defaultEmailStyle('suntimes');
const DECLINES = ['insufficient_funds', 'expired_card', 'do_not_honor', 'card_declined'];
const CANCEL = ['price', 'not_reading', 'moving', 'delivery_problems', 'other'];

interface Charge {
  t: number;
  amount: number;
  declined: boolean;
  code: string;
  refundT: number;
}

interface Sub {
  start: number;
  plan: (typeof S.plans)[number];
  monthly: boolean;
  charges: Charge[];
  termEnds: number[]; // paid-through date after each successful charge
  end: number; // Infinity if still running at the simulation horizon
  reason: string;
  account: number;
}

function choosePlan(p: Person, rng: Rng): (typeof S.plans)[number] {
  const old = Math.max(0, Math.min(1, (p.age - 35) / 30));
  const w = S.plans.map((pl) => pl.old * old + pl.young * (1 - old));
  return S.plans[rng.weighted(cumulative(w))] as (typeof S.plans)[number];
}

export function simulateSubscriptions(p: Person, ctx: Ctx, rng: Rng, facts: Facts): void {
  const yearSec = 365.25 * DAY;
  const engAt = (t: number): number => {
    for (let k = ctx.periods.length - 1; k >= 0; k--) if (t >= (ctx.periods[k]?.start ?? 0)) return p.eng[k] as number;
    return p.eng[0] as number;
  };
  const acqRate = (t: number): number => {
    const a = S.acquisition;
    return -Math.log(1 - logistic(a.base + a.news * p.newsZ + a.engagement * engAt(t) + a.wealth * p.wealthZ + a.age * p.ageZ));
  };
  const subs: Sub[] = [];
  let t = ctx.simStart + rng.exp(acqRate(ctx.simStart)) * yearSec;
  const horizon = ctx.futureEnd;
  while (t < horizon && subs.length < 6) {
    const start = Math.floor(t / DAY) * DAY + 6 * 3600 + rng.int(0, 17 * 3600);
    const plan = choosePlan(p, rng);
    const monthly = rng.chance(plan.code === 'DIG' ? S.monthlyShare + 0.1 : S.monthlyShare - 0.1);
    const sub: Sub = { start, plan, monthly, charges: [], termEnds: [], end: Infinity, reason: '', account: 0 };
    subs.push(sub);
    const digital = plan.code === 'DIG' || plan.code === 'BNDL';
    if (digital && start < facts.digitalSubStart) facts.digitalSubStart = start;
    let n = 0;
    let fails = 0;
    let next = start;
    const cancelM = (digital && plan.code === 'DIG' ? S.cancelMonthlyDigital : S.cancelMonthlyPrint) * Math.exp(S.cancelNewsCoef * p.newsZ - 0.25 * engAt(start));
    while (next < horizon) {
      if (n > 0) {
        if (monthly && rng.chance(cancelM)) {
          sub.end = next - rng.int(1, 25) * DAY;
          sub.reason = rng.pick(CANCEL);
          break;
        }
        if (!monthly && !rng.chance(S.annualRenewal * Math.exp(0.08 * p.newsZ))) {
          sub.end = next;
          sub.reason = rng.chance(0.5) ? 'not_renewed' : rng.pick(CANCEL);
          break;
        }
      }
      const declined = rng.chance(fails > 0 ? 1 - S.declineRecovery : S.paymentDeclineRate * Math.exp(-0.3 * p.wealthZ));
      const amount = monthly ? plan.monthly : plan.annual;
      sub.charges.push({ t: next, amount, declined, code: declined ? rng.pick(DECLINES) : '', refundT: !declined && rng.chance(0.004) ? next + rng.int(1, 20) * DAY : 0 });
      if (declined) {
        fails++;
        if (fails >= S.declinesToCancel) {
          sub.end = next;
          sub.reason = 'payment_failed';
          break;
        }
        // retry a few days later within the same cycle
        next += rng.int(3, 7) * DAY;
        continue;
      }
      fails = 0;
      n++;
      next = ctx.monthsAfter(start, monthly ? n : 12 * n);
      sub.termEnds.push(next);
    }
    if (sub.end === Infinity) break;
    t = sub.end + rng.exp(S.winback) * yearSec;
  }
  if (!subs.length) return;

  const asOf = ctx.asOfEnd;
  const activeAtAsOf = subs.find((s) => s.start <= asOf && s.end > asOf);
  if (activeAtAsOf) {
    facts.subStatus = 'active';
    facts.subChurned = activeAtAsOf.end <= ctx.futureEnd ? '1' : '0';
  } else if (subs.some((s) => s.start <= asOf)) facts.subStatus = 'former';

  // --- records ---------------------------------------------------------------------
  const visible = subs.filter((s) => s.start <= asOf && (s.end === Infinity || s.end >= ctx.exportStart || s.end > asOf));
  if (!visible.length) return;
  const accounts: { id: string; created: number; seed: number }[] = [];
  const newAccount = (created: number) => {
    accounts.push({ id: `S-${5000001 + ctx.next('subscriber')}`, created, seed: hashSeed(p.seed, 201, accounts.length) });
    return accounts.length - 1;
  };
  newAccount((visible[0] as Sub).start - rng.int(60, 1800));
  // Coming back after a cancellation often opens a second account (new email, new address).
  for (let i = 1; i < visible.length; i++) {
    const s = visible[i] as Sub;
    if (rng.chance(0.3)) s.account = newAccount(s.start - rng.int(60, 1800));
    else s.account = (visible[i - 1] as Sub).account;
  }
  // ...and customer service sometimes creates a stray second account (e-edition activation, a phone call).
  if (rng.chance(S.duplicateSubscriberRate)) {
    const t0 = (visible[0] as Sub).start + rng.int(10, 700) * DAY;
    if (t0 <= asOf) newAccount(t0);
  }
  const subscriberW = ctx.writer('suntimes_subscriptions/subscribers');
  const clock = ctx.clock;
  for (const acc of accounts) {
    facts.subscriberIds.push(acc.id);
    ctx.truth(SOURCE, acc.id, p.id);
    const r = new Rng(hashSeed(acc.seed, 1));
    const versions = recordVersions(p, acc.created, asOf, { move: S.updateOnMove, name: S.updateOnName, email: S.updateOnEmail, phone: 0.2 }, rng);
    const mail = chooseMail(p, r, { shared: 0.5, work: 0.08, generic: 0.5, none: S.missingEmail });
    const hasPhone = !r.chance(S.missingPhone);
    const landline = p.hh.landline !== '' && (p.phones.length === 0 || r.chance(0.5));
    subscriberW.writeVersions(versionTimes(versions), (i) => {
      const v = versions[i] as (typeof versions)[number];
      const a = addressAt(p.hh, v.ka);
      const [line] = renderAddress(a, acc.seed, addrStyle);
      const middle = renderMiddle(p, acc.seed, nameStyle);
      const suffix = renderSuffix(p, acc.seed).toUpperCase().replace('.', '');
      const name = `${renderLast(lastNameAt(p, v.kn), acc.seed, nameStyle)}, ${renderFirst(p, acc.seed, nameStyle)}${middle ? ` ${middle.replace('.', '')}` : ''}${suffix ? ` ${suffix}` : ''}`;
      const phone = hasPhone ? renderPhone(landline ? p.hh.landline : phoneAt(p, v.kp), acc.seed, phoneCum) : '';
      const email = renderEmail(mailbox(p, mail, v.ke), acc.seed, emailStyle);
      return `${acc.id}|${q(name)}|${q(email)}|${phone}|${q(line)}|${q(a.city.toUpperCase())}|${a.state}|${a.zip}|${clock.isoTs(acc.created)}|${clock.isoTs(v.t)}${EOL}`;
    });
  }

  const subW = ctx.writer('suntimes_subscriptions/subscriptions');
  const payW = ctx.writer('suntimes_subscriptions/payments');
  for (const s of visible) {
    const subId = `SUB-${String(1 + ctx.next('subscription')).padStart(8, '0')}`;
    const acct = (accounts[s.account] as (typeof accounts)[number]).id;
    const created = s.start - rng.int(30, 600);
    // versions: creation, each renewal of an annual term, cancellation
    const times: number[] = [created];
    s.charges.forEach((c, i) => {
      if (!s.monthly && i > 0 && !c.declined && c.t <= asOf) times.push(c.t + 120);
    });
    const ended = s.end <= asOf;
    if (ended) times.push(Math.max(s.end, (times[times.length - 1] as number) + 60));
    const paidThrough = (t: number): number => s.termEnds.find((x) => x > t) ?? (s.termEnds[s.termEnds.length - 1] as number | undefined) ?? s.start;
    subW.writeVersions(times, (i) => {
      const vt = times[i] as number;
      const isEnd = ended && i === times.length - 1;
      const status = isEnd ? (s.reason === 'not_renewed' ? 'EXPIRED' : 'CANCELED') : 'ACTIVE';
      const endDate = s.monthly && !isEnd ? '' : clock.isoDate(isEnd ? s.end : paidThrough(vt));
      return `${subId}|${acct}|${s.plan.code}|${s.plan.name}|${s.monthly ? 'MONTHLY' : 'ANNUAL'}|${(s.monthly ? s.plan.monthly : s.plan.annual).toFixed(2)}|${clock.isoDate(s.start)}|${endDate}|${status}|${isEnd ? 'N' : 'Y'}|${isEnd ? clock.isoTs(s.end) : ''}|${isEnd ? s.reason : ''}|${clock.isoTs(created)}|${clock.isoTs(vt)}${EOL}`;
    });
    for (const c of s.charges) {
      if (c.t < ctx.exportStart || c.t > asOf) continue;
      const id = `PMT-${String(1 + ctx.next('payment')).padStart(9, '0')}`;
      const base = `${id}|${subId}|${acct}|${clock.isoTs(c.t)}|${c.amount.toFixed(2)}|`;
      const mod = Math.min(asOf, c.t + 45);
      if (c.refundT && c.refundT <= asOf) payW.writeVersions([mod, c.refundT], (i) => `${base}${i ? 'REFUNDED' : 'PAID'}||${clock.isoTs(i ? c.refundT : mod)}${EOL}`);
      else payW.write(mod, `${base}${c.declined ? 'DECLINED' : 'PAID'}|${c.code}|${clock.isoTs(mod)}${EOL}`);
    }
  }
}
