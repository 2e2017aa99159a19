// email_marketing: the ESP shared by station and paper. Contacts (one per email address;
// names often blank) and campaign_activity (one row per recipient per send, updated
// when the recipient opens or clicks).
import { DAY, addMonths, dayOfYmd, ymdOfDay } from '../calendar.js';
import type { Ctx } from '../context.js';
import type { Facts } from '../facts.js';
import { NOISE, EMAIL as E } from '../parameters.js';
import { Rng, hashSeed, logistic } from '../prng.js';
import { chooseMail, mailbox, type MailChoice } from '../records.js';
import { defaultEmailStyle, renderEmail, renderFirst, renderLast, type NameStyle } from '../render.js';
import { quoter } from '../sink.js';
import { at, lastNameAt, type Person } from '../world.js';

export const SOURCE = 'email_marketing';
export const CONTACT_HEADER = 'contact_id,email,first_name,last_name,lists,status,created_at,unsubscribed_at,updated_at';
export const ACTIVITY_HEADER = 'send_id,contact_id,campaign_id,campaign_name,sent_at,opened_at,clicked_at,unsubscribed,bounced,updated_at';

const q = quoter(',');
const nameStyle: NameStyle = { nickname: NOISE.nickname * 2, initial: 0, typo: NOISE.nameTypo, fold: 0.25, punct: 0.15, upper: false };
const emailStyle = defaultEmailStyle('news');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface Campaign {
  id: string;
  name: string;
  list: number;
  t: number;
}

/** Sends of the exported history, oldest first. */
export function campaignSchedule(ctx: Ctx): Campaign[] {
  const out: Campaign[] = [];
  const first = addMonths(ctx.asOfDay + 1, -E.historyMonths);
  const [fy, fm] = ymdOfDay(first);
  for (let i = 0; i <= E.historyMonths; i++) {
    const y = fy + Math.floor((fm - 1 + i) / 12);
    const m = ((fm - 1 + i) % 12) + 1;
    for (const c of E.campaigns) {
      if ((y * 12 + m) % c.everyMonths !== 0) continue;
      const day = dayOfYmd(y, m, c.day);
      if (day < first || day > ctx.asOfDay) continue;
      const slug = c.name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '');
      out.push({ id: `cmp-${y}${String(m).padStart(2, '0')}-${slug}`, name: `${c.name} - ${MONTHS[m - 1]} ${y}`, list: c.list, t: day * DAY + 10 * 3600 });
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

interface Contact {
  id: string;
  mail: MailChoice;
  box: string;
  created: number;
  lists: number[];
  unsub: number;
  cleaned: number;
  dead: number; // time the mailbox stops working
  seed: number;
  blankName: boolean;
}

export function simulateEmail(p: Person, ctx: Ctx, rng: Rng, facts: Facts, campaigns: Campaign[], hhBoxes: Set<string>): void {
  const known = facts.donorIds.length > 0 || facts.subscriberIds.length > 0 || facts.ticketOrders > 0;
  const eNow = p.eng[ctx.lastK] as number;
  const c = E.contact;
  if (!rng.chance(logistic(c.base + c.engagement * eNow + c.radio * p.radioZ + c.news * p.newsZ + (known ? c.known : 0)))) return;

  const asOf = ctx.asOfEnd;
  const created0 = ctx.simStart + Math.floor(rng.next() * (asOf - ctx.simStart));
  const lists: number[] = [];
  E.listJoin.forEach((j, i) => {
    const pr = i === 3 && facts.donorIds.length ? E.memberNewsForDonors : logistic(j.base + j.radio * p.radioZ + j.news * p.newsZ + j.engagement * eNow);
    if (rng.chance(pr)) lists.push(i);
  });
  if (!lists.length) lists.push(p.radioZ > p.newsZ ? 0 : 1);

  const contacts: Contact[] = [];
  const add = (mail: MailChoice, t: number) => {
    const box = mailbox(p, mail, t);
    if (!box || hhBoxes.has(box) || (mail === 3 && ctx.genericContacts.has(box))) return;
    hhBoxes.add(box);
    if (mail === 3) ctx.genericContacts.add(box);
    const seq = ctx.next('contact');
    // a personal address is abandoned (later bounces) some time after the person moves to a new one
    let dead = Infinity;
    if (mail === 0) {
      const i = at(p.emailT, t);
      const switched = p.emailT[i + 1];
      if (switched !== undefined && rng.chance(E.abandonedShare)) dead = switched + rng.int(30, 400) * DAY;
    }
    contacts.push({
      id: ctx.scrambled('contact', 0xffffffffff, seq).toString(16).padStart(10, '0'),
      mail,
      box,
      created: t,
      lists: contacts.length ? lists.filter(() => rng.chance(0.8)) : lists,
      unsub: Infinity,
      cleaned: Infinity,
      dead,
      seed: hashSeed(p.seed, 501, seq),
      blankName: rng.chance(E.blankName),
    });
  };
  add(chooseMail(p, rng, { shared: 0.3, work: 0.1, generic: 0.3, none: 0 }), created0);
  // re-added with a new personal address (the old contact stays: a within-source duplicate)
  for (const ev of p.events) {
    if (ev.kind !== 'email' || ev.t <= created0 || ev.t > asOf) continue;
    if (rng.chance(E.readdOnNewEmail)) add(0, Math.min(asOf, ev.t + rng.int(1, 90) * DAY));
  }
  if (!contacts.length) return;

  const histStart = campaigns.length ? (campaigns[0] as Campaign).t : asOf;
  const w = ctx.writer('email_marketing/contacts');
  const aw = ctx.writer('email_marketing/campaign_activity');
  const clock = ctx.clock;
  const open = E.open;
  const clk = E.clickGivenOpen;
  const yearSec = 365.25 * DAY;
  for (const ct of contacts) {
    if (!ct.lists.length) ct.lists.push(lists[0] as number);
    // fatigue before the exported history
    const u = ct.created + rng.exp(E.unsubscribeYearly) * yearSec;
    if (u < histStart) ct.unsub = u;
    if (ct.dead < histStart && rng.chance(0.8)) ct.cleaned = ct.dead + rng.int(1, 60) * DAY;
    if (ct.cleaned < ct.unsub && ct.cleaned !== Infinity) ct.unsub = Infinity;
    for (const cmp of campaigns) {
      if (cmp.t < ct.created || cmp.t >= ct.unsub || cmp.t >= ct.cleaned || !ct.lists.includes(cmp.list)) continue;
      const sendSeq = ctx.next('send');
      const sendId = String(300000000 + sendSeq);
      const sent = cmp.t + rng.int(0, 5400);
      const bounced = rng.chance(sent >= ct.dead ? E.bounceAbandoned : E.bounceLive);
      let opened = 0;
      let clicked = 0;
      let unsub = false;
      if (!bounced) {
        const aff = cmp.list === 0 ? p.radioZ : cmp.list === 1 ? p.newsZ : 0.5 * (p.radioZ + p.newsZ);
        if (rng.chance(logistic(open.base + open.engagement * eNow + open.affinity * aff))) {
          opened = sent + Math.min(20 * DAY, Math.floor(Math.exp(6 + 2.2 * rng.normal())));
          if (rng.chance(logistic(clk.base + clk.engagement * eNow))) clicked = opened + rng.int(3, 600);
          if (rng.chance(E.unsubscribe * 3)) unsub = true;
        } else if (rng.chance(E.unsubscribe * 0.2)) unsub = true;
      }
      const unsubAt = unsub ? Math.max(opened, sent) + rng.int(5, 900) : 0;
      if (unsub) ct.unsub = unsubAt;
      if (bounced) ct.cleaned = sent + 120;
      const times = [bounced ? sent + 60 : sent];
      if (opened) times.push(Math.max(opened, sent + 1));
      if (clicked) times.push(Math.max(clicked, (times[times.length - 1] as number) + 1));
      if (unsub && unsubAt > (times[times.length - 1] as number)) times.push(unsubAt);
      const head = `${sendId},${ct.id},${cmp.id},${q(cmp.name)},${clock.sqlTs(sent)},`;
      aw.writeVersions(times, (i) => {
        const vt = times[i] as number;
        const o = opened && opened <= vt ? clock.sqlTs(opened) : '';
        const c2 = clicked && clicked <= vt ? clock.sqlTs(clicked) : '';
        const un = unsub && unsubAt <= vt;
        return `${head}${o},${c2},${un ? 'true' : 'false'},${bounced ? 'true' : 'false'},${clock.sqlTs(vt)}\n`;
      });
    }
    facts.contactIds.push(ct.id);
    ctx.truth(SOURCE, ct.id, p.id);
    const times = [ct.created];
    if (ct.unsub <= asOf) times.push(Math.max(ct.unsub, ct.created + 1));
    else if (ct.cleaned <= asOf) times.push(Math.max(ct.cleaned, ct.created + 1));
    const first = ct.blankName ? '' : renderFirst(p, ct.seed, nameStyle);
    const listTxt = q(ct.lists.map((i) => E.lists[i]).join(';'));
    const email = q(renderEmail(ct.box, ct.seed, emailStyle));
    w.writeVersions(times, (i) => {
      const vt = times[i] as number;
      const last = ct.blankName || (ct.seed & 7) === 0 ? '' : renderLast(lastNameAt(p, ct.created), ct.seed, nameStyle);
      const status = i === 0 ? 'subscribed' : ct.unsub <= asOf ? 'unsubscribed' : 'cleaned';
      return `${ct.id},${email},${q(first)},${q(last)},${listTxt},${status},${clock.sqlTs(ct.created)},${status === 'unsubscribed' ? clock.sqlTs(ct.unsub) : ''},${clock.sqlTs(vt)}\n`;
    });
  }
}
