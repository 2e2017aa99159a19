// The dimensions, lifecycle stages and marts built by `cpm run` on the synthetic world, on every
// engine: dim_date facts checked against a hand-written calendar, dim_campaign amounts against a
// direct sum, lifecycle stages written back to the golden record, marts that agree with each
// other, and every table identical on DuckDB and PostgreSQL.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { runResolve } from '../../src/identity/resolve.js';
import { runMarts } from '../../src/marts/run-marts.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { tableRows } from '../support/digest.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';

const asOf = '2026-06-30';
let world: string;
before(async () => {
  world = tempDir('cpm-world-');
  await generateWorld({ scale: 1500, seed: 11, asOf, outDir: world });
});

/** Every table of the dimensions and marts schemas, as sorted JSON rows, by table. */
async function martRows(wh: Warehouse): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const schema of ['dimensions', 'marts']) for (const t of await wh.listTables(schema)) out[`${schema}.${t}`] = await tableRows(wh, schema, t);
  return out;
}

const rowsByEngine: Record<string, Record<string, string[]>> = {};

const holidays2026 = [
  ['2026-01-01', "New Year's Day"],
  ['2026-01-19', 'Martin Luther King Jr. Day'],
  ['2026-02-16', "Washington's Birthday"],
  ['2026-05-25', 'Memorial Day'],
  ['2026-06-19', 'Juneteenth National Independence Day'],
  ['2026-07-03', 'Independence Day (observed)'],
  ['2026-07-04', 'Independence Day'],
  ['2026-09-07', 'Labor Day'],
  ['2026-10-12', 'Columbus Day'],
  ['2026-11-11', 'Veterans Day'],
  ['2026-11-26', 'Thanksgiving Day'],
  ['2026-12-25', 'Christmas Day'],
];

for (const engine of engines) {
  describe(`dimensions, lifecycle and marts on ${engine.name}`, { skip: engine.skip }, () => {
    let project: Project;
    const q = (sql: string) => inRun(project, (ctx) => ctx.wh.query(sql));

    before(async () => {
      project = makeProject({ warehouse: await engine.freshWarehouse() });
      cpSync(world, project.dataDir, { recursive: true });
      const result = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(result.marts?.asOf.date, asOf, 'the as-of date is the latest event date');
      assert.deepEqual(result.marts?.unmatchedCampaignCodes, [], 'the shipped calendar.yaml describes every campaign code');
    });

    it('dim_date: one row per day, fiscal year and quarter at the boundaries, weekdays', async () => {
      const [count] = await q('SELECT COUNT(*) AS n, COUNT(DISTINCT date_key) AS keys, MIN(full_date) AS first, MAX(full_date) AS last FROM dimensions.dim_date');
      assert.deepEqual(count, { n: 14976, keys: 14976, first: '2000-01-01', last: '2040-12-31' });
      const days = await q(
        `SELECT full_date, date_key, fiscal_year, fiscal_quarter, quarter, day_of_week, day_name, month_name, is_weekend, week_of_year, day_of_year
         FROM dimensions.dim_date WHERE full_date IN ('2025-06-30', '2025-07-01', '2025-12-31', '2026-01-01', '2026-07-04', '2027-01-01') ORDER BY full_date`,
      );
      assert.deepEqual(
        days.map((r) => Object.values(r).join(' ')),
        [
          '2025-06-30 20250630 2025 4 2 1 Monday June false 27 181',
          '2025-07-01 20250701 2026 1 3 2 Tuesday July false 27 182',
          '2025-12-31 20251231 2026 2 4 3 Wednesday December false 1 365',
          '2026-01-01 20260101 2026 3 1 4 Thursday January false 1 1',
          '2026-07-04 20260704 2027 1 3 6 Saturday July true 27 185',
          '2027-01-01 20270101 2027 3 1 5 Friday January false 53 1',
        ],
      );
    });

    it('dim_date: every 2026 federal holiday, including the observed Independence Day', async () => {
      const rows = await q('SELECT full_date, holiday_name FROM dimensions.dim_date WHERE is_holiday AND year = 2026 ORDER BY full_date');
      assert.deepEqual(
        rows.map((r) => [r['full_date'], r['holiday_name']]),
        holidays2026,
      );
      const [plain] = await q("SELECT is_holiday, holiday_name FROM dimensions.dim_date WHERE full_date = '2026-07-02'");
      assert.deepEqual(plain, { is_holiday: false, holiday_name: null });
    });

    it('dim_date: pledge drive days and names from calendar.yaml', async () => {
      const rows = await q(`SELECT full_date, is_pledge_drive, pledge_drive_name FROM dimensions.dim_date
        WHERE full_date IN ('2026-03-09', '2026-03-10', '2026-03-19', '2026-03-20', '2025-10-07', '2025-10-16', '2025-10-17') ORDER BY full_date`);
      assert.deepEqual(
        rows.map((r) => `${r['full_date']} ${r['is_pledge_drive']} ${r['pledge_drive_name']}`),
        ['2025-10-07 true Fall Drive 2025', '2025-10-16 true Fall Drive 2025', '2025-10-17 false null', '2026-03-09 false null', '2026-03-10 true Spring Drive 2026', '2026-03-19 true Spring Drive 2026', '2026-03-20 false null'],
      );
      const [year] = await q('SELECT COUNT(*) AS n FROM dimensions.dim_date WHERE is_pledge_drive AND year = 2025');
      assert.equal(year!['n'], 20);
    });

    it('dim_campaign: actual amounts equal the sum of posted donations; windows and names from config', async () => {
      const direct = await q(`SELECT campaign_code, SUM(amount) AS total FROM golden.engagement_events
        WHERE event_type = 'donation' AND event_status = 'posted' AND campaign_code IS NOT NULL AND event_date <= '${asOf}' GROUP BY campaign_code`);
      const dim = await q('SELECT campaign_code, actual_amount FROM dimensions.dim_campaign WHERE actual_amount IS NOT NULL');
      const asMap = (rows: typeof dim, k: string) => Object.fromEntries(rows.map((r) => [r['campaign_code'], Number(r[k])]));
      assert.ok(direct.length >= 20, `donation campaign codes: ${direct.length}`);
      assert.deepEqual(asMap(dim, 'actual_amount'), asMap(direct, 'total'));
      const [gt] = await q("SELECT campaign_name, campaign_type, channel, start_date, end_date, goal_amount, is_active FROM dimensions.dim_campaign WHERE campaign_code = 'GT2024'");
      assert.deepEqual(gt, { campaign_name: 'Giving Tuesday 2024', campaign_type: 'special', channel: 'digital', start_date: '2024-12-03', end_date: '2024-12-03', goal_amount: 8000, is_active: false });
      const [sust] = await q("SELECT end_date, is_active FROM dimensions.dim_campaign WHERE campaign_code = 'SUST'");
      assert.deepEqual(sust, { end_date: null, is_active: true });
      const [keys] = await q('SELECT COUNT(*) AS n, COUNT(DISTINCT campaign_key) AS k, MIN(campaign_key) AS lo, MAX(campaign_key) AS hi FROM dimensions.dim_campaign');
      assert.deepEqual(keys, { n: keys!['n'], k: keys!['n'], lo: 1, hi: keys!['n'] });
    });

    it('lifecycle: every golden constituent has the stage its profile computed, by the rules', async () => {
      const [golden] = await q(`SELECT COUNT(*) AS n, COUNT(c.lifecycle_stage) AS staged, SUM(CASE WHEN c.lifecycle_stage = p.lifecycle_stage THEN 1 ELSE 0 END) AS same
        FROM golden.constituents AS c JOIN marts.constituent_profile AS p ON p.constituent_id = c.constituent_id`);
      assert.equal(golden!['staged'], golden!['n']);
      assert.equal(golden!['same'], golden!['n']);
      const stages = await q(`SELECT lifecycle_stage,
          SUM(CASE WHEN giving_last_12_months >= 1000 THEN 1 ELSE 0 END) AS major_giving,
          SUM(CASE WHEN is_sustainer THEN 1 ELSE 0 END) AS sustainers,
          SUM(CASE WHEN gave_last_12_months THEN 1 ELSE 0 END) AS active, COUNT(*) AS n
        FROM marts.constituent_profile GROUP BY lifecycle_stage`);
      const by = Object.fromEntries(stages.map((r) => [r['lifecycle_stage'], r]));
      assert.ok(Number(by['prospect']?.['n']) > 0 && Number(by['member']?.['n']) > 0 && Number(by['sustainer']?.['n']) > 0, JSON.stringify(by));
      assert.equal(by['major_donor']?.['major_giving'], by['major_donor']?.['n'], 'major donors gave 1,000 or more');
      for (const s of ['sustainer', 'member', 'prospect']) assert.equal(Number(by[s]?.['major_giving']), 0, `no ${s} gave 1,000 or more`);
      assert.equal(Number(by['member']?.['sustainers']), 0, 'sustainers are matched before members');
      assert.equal(by['member']?.['active'], by['member']?.['n'], 'members gave in the last 12 months');
      assert.equal(Number(by['prospect']?.['active']), 0, 'no prospect gave in the last 12 months');
      assert.equal(by['legacy'], undefined, 'the synthetic world has no planned gifts');
    });

    it('marts agree with each other and with the golden events', async () => {
      const [gifts] = await q(`SELECT (SELECT SUM(amount) FROM marts.gifts) AS mart,
        (SELECT SUM(amount) FROM golden.engagement_events WHERE event_type = 'donation' AND event_status = 'posted' AND event_date <= '${asOf}') AS golden`);
      assert.equal(gifts!['mart'], gifts!['golden']);
      // With the as-of date on the last day of FY2026, this year's lapsed donors are the LYBUNT list.
      const [flows] = await q(`SELECT r.lapsed, (SELECT COUNT(*) FROM marts.development_lybunt) AS lybunt, r.donors, r.renewed + r.new_donors + r.recaptured AS parts
        FROM marts.membership_renewals AS r WHERE r.fiscal_year = 2026`);
      assert.equal(flows!['lapsed'], flows!['lybunt']);
      assert.equal(flows!['donors'], flows!['parts']);
      const [month] = await q(`SELECT m.members AS sustainers, (SELECT COUNT(*) FROM marts.constituent_profile WHERE is_sustainer) AS profile
        FROM marts.membership_members_by_month AS m WHERE m.member_status = 'sustainer' AND m.month_start = '2026-06-01'`);
      assert.equal(month!['sustainers'], month!['profile']);
      const [overlap] = await q(`SELECT SUM(constituents) AS everyone, SUM(CASE WHEN audience_segment = 'station_and_newspaper' THEN constituents END) AS both_platforms,
        (SELECT COUNT(*) FROM marts.marketing_audience WHERE is_station_donor AND is_newspaper_subscriber) AS listed,
        (SELECT COUNT(*) FROM golden.constituents) AS golden FROM marts.marketing_audience_overlap`);
      assert.equal(overlap!['everyone'], overlap!['golden']);
      assert.equal(overlap!['both_platforms'], overlap!['listed']);
      assert.ok(Number(overlap!['both_platforms']) > 0, 'some station donors read the paper');
      const [email] = await q(`SELECT SUM(messages) AS messages, (SELECT COUNT(*) FROM marts.marketing_email_messages) AS listed,
        SUM(unique_opens) AS opens FROM marts.marketing_email_engagement`);
      assert.equal(email!['messages'], email!['listed']);
      assert.ok(Number(email!['opens']) > 0);
    });

    it('keeps the stages through a full re-resolution until the next marts build', async () => {
      const before = await q('SELECT constituent_id, lifecycle_stage FROM golden.constituents ORDER BY constituent_id');
      await inRun(project, (ctx) => runResolve(ctx, { full: true }));
      assert.deepEqual(await q('SELECT constituent_id, lifecycle_stage FROM golden.constituents ORDER BY constituent_id'), before);
    });

    it('rebuilds everything as of an earlier date', async () => {
      const result = await inRun(project, (ctx) => runMarts(ctx, { asOf: '2025-06-30' }));
      assert.equal(result.asOf.source, 'option');
      const [latest] = await q('SELECT MAX(gift_date) AS last, MIN(as_of_date) AS lo, MAX(as_of_date) AS hi FROM marts.gifts, marts.constituent_profile');
      assert.deepEqual(latest, { last: '2025-06-30', lo: '2025-06-30', hi: '2025-06-30' });
      const [years] = await q('SELECT MAX(fiscal_year) AS fy FROM marts.membership_renewals');
      assert.equal(years!['fy'], 2025);
      rowsByEngine[engine.name] = await inRun(project, async (ctx) => {
        await runMarts(ctx);
        return martRows(ctx.wh);
      });
    });
  });
}

describe('dimensions and marts across engines', () => {
  it('are identical on DuckDB and PostgreSQL, row for row', (t) => {
    const [a, b] = [rowsByEngine['duckdb'], rowsByEngine['postgres']];
    if (!a || !b) return t.skip('needs both engines');
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    assert.ok(Object.keys(a).length >= 18, `tables: ${Object.keys(a).join(', ')}`);
    for (const table of Object.keys(a)) {
      assert.ok(a[table]!.length > 0, `${table} has rows`);
      assert.deepEqual(b[table], a[table], table);
    }
  });
});

describe('cpm marts', () => {
  it('says to resolve first when there is no golden layer', async () => {
    const project = makeProject({ warehouse: await engines[0]!.freshWarehouse() });
    const r = cpm(['marts', '--project', project.root]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /golden layer is not built yet/);
    assert.match(r.stderr, /hint: run `cpm resolve`/);
  });
});
