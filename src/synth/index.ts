// The synthetic public-media world: people in households, simulated over `years` (plus a
// burn-in and a hidden future year), written as five source systems' exports with the
// ground truth beside them. Deterministic: the same options give byte-identical files.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DAY, isoOfDay, parseIsoDay, ymdOfDay } from './calendar.js';
import { Ctx } from './context.js';
import { newFacts, type Facts } from './facts.js';
import { GENERATOR_VERSION, WORLD } from './parameters.js';
import { Rng, cumulative, hashSeed } from './prng.js';
import { PlainCsv, StreamWriter, quoter, type FileStat } from './sink.js';
import * as donations from './sources/donations.js';
import * as email from './sources/email.js';
import * as subscriptions from './sources/subscriptions.js';
import * as tickets from './sources/tickets.js';
import * as web from './sources/web.js';
import { Allocators, addressAt, buildHousehold, emailAt, lastNameAt, phoneAt, type Person, type WorldTime } from './world.js';

export { GENERATOR_VERSION } from './parameters.js';

export interface GenerateOptions {
  scale: number;
  outDir: string;
  /** default 42 */
  seed?: number;
  /** YYYY-MM-DD, default '2026-06-30' */
  asOf?: string;
  /** default 5 */
  years?: number;
  /** default 0 */
  days?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface GenerateResult {
  people: number;
  files: { path: string; rows: number; bytes: number }[];
  truthFiles: string[];
  seconds: number;
}

/** Every export stream: where it goes and its header. */
export const STREAMS = [
  { source: 'wbez_donations', stream: 'donors', ext: 'csv', header: donations.DONOR_HEADER, eol: '\n' },
  { source: 'wbez_donations', stream: 'gifts', ext: 'csv', header: donations.GIFT_HEADER, eol: '\n' },
  { source: 'wbez_donations', stream: 'recurring_plans', ext: 'csv', header: donations.PLAN_HEADER, eol: '\n' },
  { source: 'suntimes_subscriptions', stream: 'subscribers', ext: 'csv', header: subscriptions.SUBSCRIBER_HEADER, eol: subscriptions.EOL },
  { source: 'suntimes_subscriptions', stream: 'subscriptions', ext: 'csv', header: subscriptions.SUBSCRIPTION_HEADER, eol: subscriptions.EOL },
  { source: 'suntimes_subscriptions', stream: 'payments', ext: 'csv', header: subscriptions.PAYMENT_HEADER, eol: subscriptions.EOL },
  { source: 'event_tickets', stream: 'orders', ext: 'csv', header: tickets.ORDER_HEADER, eol: '\n' },
  { source: 'email_marketing', stream: 'contacts', ext: 'csv', header: email.CONTACT_HEADER, eol: '\n' },
  { source: 'email_marketing', stream: 'campaign_activity', ext: 'csv', header: email.ACTIVITY_HEADER, eol: '\n' },
  { source: 'web_analytics', stream: 'users', ext: 'jsonl', header: '', eol: '\n' },
  { source: 'web_analytics', stream: 'sessions', ext: 'jsonl', header: '', eol: '\n' },
] as const;

export const SOURCE_SYSTEMS = ['wbez_donations', 'suntimes_subscriptions', 'event_tickets', 'email_marketing', 'web_analytics'] as const;

const PEOPLE_HEADER =
  'person_id,household_id,first_name,middle_name,last_name,name_suffix,sex,birth_date,age,wealth_z,radio_affinity_z,news_affinity_z,engagement_z,email,phone,address_line1,address_line2,city,state,zip,is_twin,moves,name_changes,email_changes';
const OUTCOME_HEADER =
  'person_id,donor_status_asof,churned_12m,churn_basis,upgraded_12m,upgrade_type,giving_last_12m,giving_next_12m,subscriber_status_asof,subscriber_churned_12m,outcome_window_start,outcome_window_end';

function check(opts: GenerateOptions): { seed: number; asOf: string; asOfDay: number; years: number; days: number } {
  const fail = (m: string): never => {
    throw new Error(`generateWorld: ${m}`);
  };
  if (!Number.isInteger(opts.scale) || opts.scale < 1) fail(`scale must be a whole number of people >= 1 (got ${opts.scale})`);
  if (!opts.outDir) fail('outDir is required');
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(seed)) fail(`seed must be an integer (got ${seed})`);
  const asOf = opts.asOf ?? '2026-06-30';
  const asOfDay = parseIsoDay(asOf);
  const years = opts.years ?? 5;
  if (!Number.isInteger(years) || years < 1 || years > 30) fail(`years must be 1..30 (got ${years})`);
  const days = opts.days ?? 0;
  if (!Number.isInteger(days) || days < 0 || days > 366) fail(`days must be 0..366 (got ${days})`);
  return { seed: seed >>> 0, asOf, asOfDay, years, days };
}

export async function generateWorld(opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const o = check(opts);
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  // Stale files of an earlier run (other days) would be loaded too: clear what we own.
  for (const d of [...SOURCE_SYSTEMS, '_truth', '_manifest.json']) {
    const p = join(outDir, d);
    if (existsSync(p)) rmSync(p, { recursive: true, force: true });
  }
  const ctx = new Ctx(o.seed, o.asOfDay, o.years, o.days);
  const times = { cutoff: ctx.cutoff, end: ctx.asOfEnd, cutoffDay: ctx.cutoffDay, days: o.days, isoOfDay };
  for (const s of STREAMS) {
    const header = s.header ? s.header + s.eol : '';
    ctx.writers.set(`${s.source}/${s.stream}`, new StreamWriter(outDir, s.source, s.stream, s.ext, header, times));
  }
  const truthDir = join(outDir, '_truth');
  mkdirSync(truthDir, { recursive: true });
  const sourceRecords = new PlainCsv(join(truthDir, 'source_records.csv'), 'source_system,source_record_id,person_id');
  const cookies = new PlainCsv(join(truthDir, 'web_cookies.csv'), 'cookie_id,person_id');
  const people = new PlainCsv(join(truthDir, 'people.csv'), PEOPLE_HEADER);
  const outcomes = new PlainCsv(join(truthDir, 'outcomes.csv'), OUTCOME_HEADER);
  ctx.truth = (system, id, pid) => sourceRecords.add(`${system},${id},${pid}\n`);
  ctx.cookieTruth = (id, pid) => cookies.add(`${id},${pid}\n`);

  const alloc = new Allocators(o.seed, opts.scale);
  const worldTime: WorldTime = { simStart: ctx.simStart, asOfEnd: ctx.asOfEnd, asOfYear: ymdOfDay(o.asOfDay)[0], asOfDay: o.asOfDay, periods: ctx.periods.length };
  const campaigns = email.campaignSchedule(ctx);
  const events = tickets.eventCalendar(ctx);
  const sizeCum = cumulative(WORLD.householdSizeWeights);
  const windowStart = isoOfDay(o.asOfDay + 1);
  const windowEnd = isoOfDay(Math.floor(ctx.futureEnd / DAY));
  const q = quoter(',');

  let done = 0;
  let hhIdx = 0;
  let nextReport = 0;
  const step = Math.max(1000, Math.floor(opts.scale / 100));
  opts.onProgress?.(0, opts.scale, 'people');
  while (done < opts.scale) {
    const rng = new Rng(hashSeed(o.seed, 1, hhIdx));
    const size = Math.min(opts.scale - done, 1 + rng.weighted(sizeCum));
    const hh = buildHousehold(rng, alloc, worldTime, hhIdx, done, size, o.seed);
    const hhBoxes = new Set<string>();
    for (const p of hh.members) {
      const facts = newFacts();
      donations.simulateDonations(p, ctx, rng, facts);
      subscriptions.simulateSubscriptions(p, ctx, rng, facts);
      tickets.simulateTickets(p, ctx, rng, facts, events);
      email.simulateEmail(p, ctx, rng, facts, campaigns, hhBoxes);
      web.simulateWeb(p, ctx, rng, facts);
      people.add(personRow(p, ctx, q));
      outcomes.add(outcomeRow(p, facts, windowStart, windowEnd));
    }
    done += size;
    hhIdx++;
    if (done >= nextReport) {
      nextReport = done + step;
      opts.onProgress?.(done, opts.scale, 'people');
      if (done % (step * 5) < size) await new Promise<void>((r) => setImmediate(r));
    }
  }

  opts.onProgress?.(done, opts.scale, 'closing files');
  const files: FileStat[] = [];
  for (const w of ctx.writers.values()) files.push(...w.close(outDir));
  const truthStats = [sourceRecords.close(outDir), people.close(outDir), outcomes.close(outDir), cookies.close(outDir)];
  const manifest = {
    generator: 'cpm-unify synth',
    version: GENERATOR_VERSION,
    options: { scale: opts.scale, seed: o.seed, asOf: o.asOf, years: o.years, days: o.days },
    window: {
      exportStart: isoOfDay(Math.floor(ctx.exportStart / DAY)),
      initialSnapshotThrough: isoOfDay(ctx.cutoffDay),
      asOf: o.asOf,
      hiddenOutcomeWindow: [windowStart, windowEnd],
    },
    people: opts.scale,
    households: hhIdx,
    files,
    truth: truthStats,
  };
  writeFileSync(join(outDir, '_manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  opts.onProgress?.(done, opts.scale, 'done');
  return {
    people: opts.scale,
    files,
    truthFiles: truthStats.map((t) => t.path),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

function personRow(p: Person, ctx: Ctx, q: (s: string) => string): string {
  const t = ctx.asOfEnd;
  const a = addressAt(p.hh, t);
  const unit = a.unit ? `Apt ${a.unit}` : '';
  const dirs = ['N', 'S', 'E', 'W'];
  const line1 = `${a.num} ${dirs[a.dir]} ${a.street} ${['St', 'Ave', 'Blvd', 'Rd', 'Dr', 'Pl', 'Ct', 'Ln', 'Pkwy', 'Ter'][a.suffix]}`;
  const moves = p.hh.addrT.filter((x) => x > ctx.simStart && x <= t).length;
  const names = p.lastT.filter((x) => x > ctx.simStart && x <= t).length;
  const mails = p.emailT.filter((x) => x > ctx.simStart && x <= t).length;
  return `${p.id},${p.hh.id},${q(p.first)},${q(p.middle)},${q(lastNameAt(p, t))},${p.suffix},${p.female ? 'F' : 'M'},${ctx.clock.isoDate(p.birthDay * DAY)},${p.age},${p.wealthZ.toFixed(3)},${p.radioZ.toFixed(3)},${p.newsZ.toFixed(3)},${(p.eng[ctx.lastK] as number).toFixed(3)},${emailAt(p, t)},${phoneAt(p, t) || p.hh.landline},${q(line1)},${unit},${q(a.city)},${a.state},${a.zip},${p.twin ? 1 : 0},${moves},${names},${mails}\n`;
}

function outcomeRow(p: Person, f: Facts, ws: string, we: string): string {
  return `${p.id},${f.donorStatus},${f.churned},${f.churnBasis},${f.upgraded},${f.upgradeType},${f.giving12m.toFixed(2)},${f.futureGiving12m.toFixed(2)},${f.subStatus},${f.subChurned},${ws},${we}\n`;
}
