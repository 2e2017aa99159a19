// Sector calibration measured on generated data (20,000 people), and the hard cases
// the identity engine must face.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateWorld } from '../../src/synth/index.js';
import { NICKNAMES } from '../../src/synth/data/first-names.js';
import { measure, readJsonl, readTable, streamFiles, type Calibration, type Table } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'synth-cal-'));
const out = join(root, 'data');
let cal: Calibration;
let people: Table;
let truth: Table;
const personOf = new Map<string, string>();
after(() => rmSync(root, { recursive: true, force: true }));
before(async () => {
  await generateWorld({ scale: 20000, outDir: out });
  cal = measure(out, '2026-06-30', 3);
  people = readTable(join(out, '_truth', 'people.csv'));
  truth = readTable(join(out, '_truth', 'source_records.csv'));
  for (const r of truth.rows) personOf.set(`${r[0]}|${r[1]}`, r[2] as string);
});

const within = (xs: number[], lo: number, hi: number, what: string) => {
  for (const x of xs) assert.ok(x >= lo && x <= hi, `${what} ${x.toFixed(3)} not in [${lo}, ${hi}] (all: ${xs.map((v) => v.toFixed(3)).join(', ')})`);
};

test('donor retention matches the Fundraising Effectiveness Project bands', () => {
  within(cal.retentionOverall, 0.38, 0.52, 'overall retention');
  within(cal.retentionFirstYear, 0.18, 0.3, 'first-year retention');
  within(cal.retentionRepeat, 0.55, 0.75, 'repeat retention');
});

test('sustainers are a large share of active donors, with $5-$30 monthly gifts', () => {
  within([cal.sustainerShare], 0.3, 0.5, 'sustainer share');
  within([cal.medianMonthly], 8, 20, 'median monthly amount');
});

test('gift sizes: median one-time gift $60-$100, a few $1,000+ gifts', () => {
  within([cal.medianOneTime], 60, 100, 'median one-time gift');
  within([cal.majorGiftShare], 0.003, 0.05, 'share of $1,000+ one-time gifts');
  within(cal.donorsPerYear, 0.04, 0.1, 'donors per person per year');
});

test('email engagement: open 20-35%, click 2-5% of delivered sends', () => {
  within([cal.openRate], 0.2, 0.35, 'open rate');
  within([cal.clickRate], 0.02, 0.05, 'click rate');
});

test('outcomes: churn and upgrade labels for active donors, with signal in engagement', () => {
  const o = readTable(join(out, '_truth', 'outcomes.csv'));
  const eng = new Map(people.rows.map((r) => [r[0], Number(r[people.col('engagement_z')])]));
  const sums: Record<'churned' | 'stayed', [number, number]> = { churned: [0, 0], stayed: [0, 0] };
  let sustainers = 0;
  let sustChurn = 0;
  let upgraded = 0;
  let active = 0;
  for (const r of o.rows) {
    const status = r[o.col('donor_status_asof')];
    const churned = r[o.col('churned_12m')];
    if (status === 'sustainer' || status === 'one_time') {
      active++;
      assert.ok(churned === '0' || churned === '1');
      assert.ok(r[o.col('churn_basis')]);
      const s = churned === '1' ? sums.churned : sums.stayed;
      s[0] += eng.get(r[0] as string) as number;
      s[1]++;
      if (r[o.col('upgraded_12m')] === '1') upgraded++;
      if (status === 'sustainer') {
        sustainers++;
        if (churned === '1') sustChurn++;
      }
    } else assert.equal(churned, '');
  }
  const mean = (s: [number, number]) => s[0] / s[1];
  assert.ok(mean(sums.churned) < mean(sums.stayed) - 0.2, 'churners should be less engaged at asOf');
  within([sustChurn / sustainers], 0.08, 0.3, 'sustainer churn in 12 months');
  within([upgraded / active], 0.02, 0.2, 'upgrade rate');
});

function donorRows(): Table[] {
  return streamFiles(out, 'wbez_donations', 'donors').map((f) => readTable(f));
}

test('hard cases: within-source duplicates in donors, subscribers, contacts and web users', () => {
  const count = (system: string) => {
    const n = new Map<string, number>();
    for (const r of truth.rows) if (r[0] === system) n.set(r[2] as string, (n.get(r[2] as string) ?? 0) + 1);
    return [...n.values()].filter((v) => v > 1).length;
  };
  for (const s of ['wbez_donations', 'suntimes_subscriptions', 'email_marketing', 'web_analytics']) assert.ok(count(s) >= 5, `${s}: people with 2+ records ${count(s)}`);
});

test('hard cases: shared household and generic emails across different people', () => {
  const owners = new Map<string, Set<string>>();
  const add = (system: string, id: string, email: string) => {
    const e = email.trim().toLowerCase();
    if (!e) return;
    const pid = personOf.get(`${system}|${id}`) as string;
    let s = owners.get(e);
    if (!s) owners.set(e, (s = new Set()));
    s.add(pid);
  };
  for (const t of donorRows()) for (const r of t.rows) add('wbez_donations', r[0] as string, r[t.col('Email')] as string);
  const orders = readTable(streamFiles(out, 'event_tickets', 'orders')[0] as string);
  for (const r of orders.rows) add('event_tickets', r[0] as string, r[orders.col('Buyer Email')] as string);
  const shared = [...owners.entries()].filter(([, s]) => s.size > 1);
  assert.ok(shared.length >= 20, `emails used by 2+ people: ${shared.length}`);
  assert.ok(shared.some(([e]) => /^(info|office|contact|admin|hello|frontdesk)@/.test(e)), 'a generic business mailbox shared by people');
});

test('hard cases: nicknames, initials, typos, non-ASCII names, Jr/Sr and twins', () => {
  const nickOf = new Map<string, string[]>();
  for (const e of NICKNAMES.split(';')) {
    const [g, n] = e.split(':');
    nickOf.set(g as string, (n as string).split(','));
  }
  const first = new Map(people.rows.map((r) => [r[0] as string, r[people.col('first_name')] as string]));
  let nick = 0;
  let initial = 0;
  for (const t of donorRows()) {
    for (const r of t.rows) {
      const pid = personOf.get(`wbez_donations|${r[0]}`) as string;
      const given = first.get(pid) as string;
      const written = r[t.col('FirstName')] as string;
      if (written !== given && nickOf.get(given)?.includes(written)) nick++;
      if (/^[A-Z]\.$/.test(written)) initial++;
    }
  }
  assert.ok(nick >= 10, `donor records written with a nickname: ${nick}`);
  assert.ok(initial >= 2, `donor records with an initial: ${initial}`);
  const all = readFileSync(join(out, '_truth', 'people.csv'), 'utf8');
  assert.match(all, /[À-ɏḀ-ỿ]/u, 'non-ASCII names');
  assert.match(all, /O'[A-Z]/, 'apostrophes');
  const suffix = people.col('name_suffix');
  const juniors = people.rows.filter((r) => r[suffix] === 'Jr');
  assert.ok(juniors.length >= 5, `Jr: ${juniors.length}`);
  for (const jr of juniors.slice(0, 20)) {
    const sr = people.rows.find((r) => r[1] === jr[1] && r[suffix] === 'Sr');
    assert.ok(sr, 'a Jr lives with his Sr');
    assert.equal(sr[people.col('first_name')], jr[people.col('first_name')]);
  }
  const twins = people.rows.filter((r) => r[people.col('is_twin')] === '1');
  assert.ok(twins.length >= 10, `twins: ${twins.length}`);
  for (const t of twins.slice(0, 20)) {
    const sib = twins.find((r) => r !== t && r[1] === t[1] && r[people.col('birth_date')] === t[people.col('birth_date')]);
    assert.ok(sib, 'a twin shares household and birth date');
    assert.notEqual(sib[people.col('first_name')], t[people.col('first_name')]);
  }
});

test('hard cases: phone formats, address abbreviations, email quirks, married names', () => {
  const phones = new Set<string>();
  const lines: string[] = [];
  const emails: string[] = [];
  for (const t of donorRows()) {
    for (const r of t.rows) {
      const p = r[t.col('Phone')] as string;
      if (p) phones.add(p.replace(/\d/g, '9'));
      lines.push(`${r[t.col('AddressLine1')]} ${r[t.col('AddressLine2')]}`);
      emails.push(r[t.col('Email')] as string);
    }
  }
  for (const f of ['(999) 999-9999', '999.999.9999', '+9 999 999 9999', '9999999999', '999-999-9999']) assert.ok(phones.has(f), `phone format ${f}`);
  assert.ok([...phones].some((p) => /x\d+|ext\./.test(p)), 'phone extensions');
  for (const re of [/ Street\b/, / St\b/, / St\./, / Avenue\b/, / Ave\b/, / North /, / N /, /Apt /, /#\w/, /Unit /, /Apartment /]) assert.ok(lines.some((l) => re.test(l)), `address form ${re}`);
  assert.ok(emails.some((e) => e !== e.toLowerCase()), 'mixed-case emails');
  assert.ok(emails.some((e) => e !== e.trim()), 'emails with stray whitespace');
  const all = emails.concat(readTable(streamFiles(out, 'email_marketing', 'contacts')[0] as string).rows.map((r) => r[1] as string));
  assert.ok(all.some((e) => /\+[a-z]+@/i.test(e)), 'plus-tagged emails');
  const nameChanges = people.rows.filter((r) => Number(r[people.col('name_changes')]) > 0).length;
  const moves = people.rows.filter((r) => Number(r[people.col('moves')]) > 0).length;
  assert.ok(nameChanges >= 50, `married-name changes: ${nameChanges}`);
  assert.ok(moves / people.rows.length > 0.15, `people who moved: ${moves}`);
  const users = readJsonl(streamFiles(out, 'web_analytics', 'users')[0] as string);
  assert.ok(users.some((u) => u.first_name === null), 'web users without names');
});
