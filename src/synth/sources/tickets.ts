// event_tickets: a ticketing platform's order export. One row per order, no customer
// id: a buyer email and whatever name was typed ("Bob S.", "liz", "R. Smith").
import { DAY, dayOfYmd, ymdOfDay } from '../calendar.js';
import type { Ctx, PeriodInfo } from '../context.js';
import { EVENT_TEMPLATES } from '../data/words.js';
import type { Facts } from '../facts.js';
import { asciiFold, nicknames, typo } from '../names.js';
import { NOISE, TICKETS as T } from '../parameters.js';
import { Rng, cumulative, hashSeed, hrand, logistic } from '../prng.js';
import { chooseMail, mailbox } from '../records.js';
import { defaultEmailStyle, renderEmail } from '../render.js';
import { quoter } from '../sink.js';
import { lastNameAt, type Person } from '../world.js';

export const SOURCE = 'event_tickets';
export const ORDER_HEADER = 'Order #,Order Date,Buyer Name,Buyer Email,Event Name,Event Date,Ticket Type,Quantity,Total Paid,Order Status,Last Updated';

const q = quoter(',');
const emailStyle = defaultEmailStyle('events');
const qtyCum = cumulative(T.quantityWeights);
const formKeys = Object.keys(T.nameForms) as (keyof typeof T.nameForms)[];
const formCum = cumulative(formKeys.map((k) => T.nameForms[k]));
const templates = EVENT_TEMPLATES.split(';').map((row) => {
  const [name, price, weight] = row.split('|');
  return { name: name as string, price: Number(price), weight: Number(weight) };
});

export interface EventInfo {
  name: string;
  day: number;
  price: number;
  weight: number;
}

/** The events of each simulated year (same for everyone). */
export function eventCalendar(ctx: Ctx): { events: EventInfo[]; cum: Float64Array }[] {
  const rng = new Rng(hashSeed(ctx.seed, 301));
  const tplCum = cumulative(templates.map((t) => t.weight));
  return ctx.periods.map((P) => {
    const events: EventInfo[] = [];
    const startDay = Math.floor(P.start / DAY);
    const endDay = Math.floor(P.end / DAY);
    const n = Math.round(((endDay - startDay + 1) / 30.44) * T.eventsPerMonth);
    for (let i = 0; i < n; i++) {
      const tpl = templates[rng.weighted(tplCum)] as (typeof templates)[number];
      let day = rng.int(startDay, endDay);
      // seasonal events keep to their season: the sing-along in December, concerts in summer
      if (tpl.name.startsWith('Holiday')) day = Math.max(startDay, Math.min(endDay, dayOfYmd(ymdOfDay(endDay)[0] - (ymdOfDay(endDay)[1] < 12 ? 1 : 0), 12, rng.int(5, 22))));
      if (tpl.name.startsWith('Summer')) day = Math.max(startDay, Math.min(endDay, dayOfYmd(ymdOfDay(startDay)[1] <= 7 ? ymdOfDay(startDay)[0] : ymdOfDay(endDay)[0], rng.int(6, 8), rng.int(1, 28))));
      events.push({ name: tpl.name, day, price: tpl.price, weight: tpl.weight * (0.5 + rng.next()) });
    }
    events.sort((a, b) => a.day - b.day);
    return { events, cum: cumulative(events.map((e) => e.weight)) };
  });
}

function buyerName(p: Person, t: number, seed: number): string {
  const form = formKeys[Math.min(formKeys.length - 1, Math.floor(pickIdx(formCum, hrand(seed, 1))))] as keyof typeof T.nameForms;
  const nicks = nicknames.get(p.first);
  const nick = nicks ? (nicks[Math.floor(hrand(seed, 2) * nicks.length)] as string) : p.first;
  let last = lastNameAt(p, t);
  if (hrand(seed, 3) < NOISE.nameTypo) last = typo(last, hrand(seed, 4), hrand(seed, 5), hrand(seed, 6));
  if (hrand(seed, 7) < 0.3) last = asciiFold(last);
  switch (form) {
    case 'full':
      return `${p.first} ${last}`;
    case 'nickInitial':
      return `${nick} ${last[0]}.`;
    case 'firstOnly':
      return p.first;
    case 'nickOnly':
      return hrand(seed, 8) < 0.4 ? nick.toLowerCase() : nick;
    case 'initialLast':
      return `${p.first[0]}. ${last}`;
    case 'lowerFull':
      return `${hrand(seed, 9) < 0.5 ? nick : p.first} ${last}`.toLowerCase();
    default:
      return '';
  }
}

function pickIdx(cum: Float64Array, u: number): number {
  const x = u * (cum[cum.length - 1] as number);
  let i = 0;
  while (i < cum.length - 1 && (cum[i] as number) <= x) i++;
  return i;
}

export function simulateTickets(p: Person, ctx: Ctx, rng: Rng, facts: Facts, calendar: ReturnType<typeof eventCalendar>): void {
  const w = ctx.writer('event_tickets/orders');
  const clock = ctx.clock;
  const b = T.buyer;
  for (let k = ctx.burnIn; k <= ctx.lastK; k++) {
    const e = p.eng[k] as number;
    if (!rng.chance(logistic(b.base + b.engagement * e + b.radio * p.radioZ + b.news * p.newsZ + b.wealth * p.wealthZ))) continue;
    const cal = calendar[k] as (typeof calendar)[number];
    const P = ctx.periods[k] as PeriodInfo;
    const n = 1 + rng.poisson(T.ordersPerBuyingYear - 1);
    for (let i = 0; i < n && cal.events.length; i++) {
      const ev = cal.events[rng.weighted(cal.cum)] as EventInfo;
      const t = Math.max(P.start, ev.day * DAY - rng.int(0, 45) * DAY) + rng.int(6 * 3600, 23 * 3600);
      if (t > ctx.asOfEnd) continue;
      const seq = ctx.next('order');
      const id = String(1000000000 + ctx.scrambled('order', 8999999999, seq));
      const seed = hashSeed(p.seed, 401, seq);
      const qty = 1 + rng.weighted(qtyCum);
      const member = facts.donorIds.length > 0 && rng.chance(0.5);
      const price = ev.price === 0 ? 0 : member ? Math.round(ev.price * 0.8) : ev.price;
      const type = ev.price === 0 ? 'Free RSVP' : member ? 'Member' : rng.chance(0.08) ? 'VIP' : 'General Admission';
      const total = (type === 'VIP' ? price * 2 : price) * qty;
      const mail = chooseMail(p, rng, { shared: 0.3, work: 0.12, generic: 0.5, none: 0 });
      const email = renderEmail(mailbox(p, mail, t), seed, emailStyle);
      const base = `${id},${clock.sqlTs(t)},${q(buyerName(p, t, seed))},${q(email)},${q(ev.name)},${clock.isoDate(ev.day * DAY)},${type},${qty},${total.toFixed(2)},`;
      const mod = Math.min(ctx.asOfEnd, t + rng.int(5, 300));
      const refund = total > 0 && rng.chance(T.refundRate) ? Math.min(ev.day * DAY, t + rng.int(1, 20) * DAY) + rng.int(0, 3600) : 0;
      facts.ticketOrders++;
      ctx.truth(SOURCE, id, p.id);
      if (refund > mod && refund <= ctx.asOfEnd) w.writeVersions([mod, refund], (v) => `${base}${v ? 'Refunded' : 'Completed'},${clock.sqlTs(v ? refund : mod)}\n`);
      else w.write(mod, `${base}Completed,${clock.sqlTs(mod)}\n`);
    }
  }
}
