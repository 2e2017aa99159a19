// The whole dictionary computed on the synthetic world: the same numbers on DuckDB and
// PostgreSQL, a past as-of value equal to the value on a warehouse holding only the events up to
// that date, a series equal to its points, the pushdown optimisation changing nothing, values
// stored with their fingerprints, and the version lint.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { compileMetric } from '../../src/metrics/compile.js';
import { type Dictionary, loadDictionary } from '../../src/metrics/dictionary.js';
import { computeMetrics, projectDictionary, queryMetric } from '../../src/metrics/engine.js';
import { lintVersions } from '../../src/metrics/lint.js';
import type { MetricResult } from '../../src/metrics/metric-values.js';
import { periodEnds } from '../../src/metrics/periods.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

const asOf = '2026-06-30';
const past = '2025-03-31';
let world: string;
before(async () => {
  world = tempDir('cpm-world-');
  await generateWorld({ scale: 2000, seed: 5, outDir: world, asOf });
});

async function builtProject(engine: (typeof engines)[number]): Promise<Project> {
  const project = makeProject({ warehouse: await engine.freshWarehouse() });
  for (const entry of readdirSync(world)) cpSync(join(world, entry), join(project.dataDir, entry), { recursive: true });
  await inRun(project, (ctx) => runPipeline(ctx));
  return project;
}

async function everyMetric(project: Project, dict: Dictionary, dates: string[], pushdown = true): Promise<MetricResult[]> {
  return inRun(project, async (ctx) => {
    const results: MetricResult[] = [];
    for (const name of dict.metrics.keys()) {
      if (pushdown) results.push(...(await queryMetric(ctx.wh, dict, name, dates, 7)));
      else {
        const rows = await ctx.wh.query(compileMetric(dict, name, ctx.wh.dialect, { asOf: dates, fiscalYearStartMonth: 7, pushdown: false }));
        results.push(...dates.map((day) => ({ metric: name, as_of_date: day, value: rows.find((r) => r['as_of_date'] === day && r['dimension'] === null)?.['value'] ?? null }) as MetricResult));
      }
    }
    return results;
  });
}

/** Values equal up to float noise (engines sum doubles in different orders). */
function assertSameValues(a: MetricResult[], b: MetricResult[], label: string, withDimensions = true) {
  assert.equal(a.length, b.length, label);
  a.forEach((x, i) => {
    const y = b[i]!;
    const close = (p: number | null, q: number | null, what: string) =>
      assert.ok(p === q || (p !== null && q !== null && Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(p))), `${label}: ${x.metric} ${x.as_of_date} ${what}: ${p} vs ${q}`);
    assert.equal(x.metric, y.metric);
    close(x.value, y.value, 'total');
    if (withDimensions) {
      assert.deepEqual(Object.keys(x.dimensions), Object.keys(y.dimensions), `${label}: ${x.metric} dimensions`);
      for (const [dim, values] of Object.entries(x.dimensions)) {
        assert.deepEqual(Object.keys(values), Object.keys(y.dimensions[dim]!), `${label}: ${x.metric} ${dim} slices`);
        for (const [k, v] of Object.entries(values)) close(v, y.dimensions[dim]![k]!, `${dim}=${k}`);
      }
    }
  });
}

const resultsByEngine: Record<string, MetricResult[]> = {};

for (const engine of engines) {
  describe(`metrics on ${engine.name}`, { skip: engine.skip }, () => {
    let project: Project;
    let dict: Dictionary;
    before(async () => {
      project = await builtProject(engine);
      dict = projectDictionary(project);
    });

    it('computes the whole dictionary with sensible values, stored with version and fingerprint', async () => {
      const { results, runId } = await inRun(project, async (ctx) => ({ runId: ctx.runId, ...(await computeMetrics(ctx.wh, dict, [...dict.metrics.keys()], { asOf: [asOf, past], fiscalYearStartMonth: 7, runId: ctx.runId, check: true })) }));
      resultsByEngine[engine.name] = results;
      const value = (name: string, day = asOf) => results.find((r) => r.metric === name && r.as_of_date === day)!.value!;
      assert.deepEqual(Object.keys(results[0]!), ['metric', 'value', 'as_of_date', 'definition_version', 'dimensions'], 'the blueprint shape');
      assert.ok(value('active_member') > 0);
      // The three answers differ as the blueprint says they do: grace >= 12 months.
      assert.ok(value('active_member_with_grace') >= value('active_member'));
      assert.ok(value('sustaining_member') <= value('active_member'));
      const retention = value('donor_retention_rate');
      assert.ok(retention > 0.3 && retention < 0.65, `donor retention ${retention} (the world is calibrated to ~45%)`);
      // The breakdowns add up to the total.
      const active = results.find((r) => r.metric === 'active_member' && r.as_of_date === asOf)!;
      for (const dim of ['by_source', 'by_gift_type']) assert.equal(Object.values(active.dimensions[dim]!).reduce<number>((s, v) => s + (v ?? 0), 0), active.value, dim);
      const [stored] = await inRun(project, (ctx) => ctx.wh.query(`SELECT COUNT(*) AS n, COUNT(DISTINCT definition_fingerprint) AS f FROM metrics.metric_values WHERE dimension IS NULL AND run_id = '${runId}'`));
      assert.equal(Number(stored!['n']), dict.metrics.size * 2);
      assert.equal(Number(stored!['f']), dict.metrics.size, 'one fingerprint per metric');
    });

    it('agrees with the marts built as of the same date: one definition, one number', async () => {
      const metric = (name: string) => resultsByEngine[engine.name]!.find((r) => r.metric === name && r.as_of_date === asOf)!.value;
      const [marts] = await inRun(project, (ctx) =>
        ctx.wh.query(`SELECT
          (SELECT SUM(members) FROM marts.membership_members_by_month WHERE month_end = DATE '${asOf}' AND member_status IN ('sustainer', 'one_time')) AS active,
          (SELECT SUM(members) FROM marts.membership_members_by_month WHERE month_end = DATE '${asOf}' AND member_status = 'sustainer') AS sustainers,
          (SELECT COUNT(*) FROM marts.development_lybunt) AS lybunt,
          (SELECT COUNT(*) FROM marts.development_sybunt) AS sybunt,
          (SELECT constituents FROM marts.marketing_audience_overlap WHERE audience_segment = 'station_and_newspaper') AS overlap`),
      );
      assert.equal(Number(marts!['active']), metric('active_member'));
      assert.equal(Number(marts!['sustainers']), metric('sustaining_member'));
      assert.equal(Number(marts!['lybunt']), metric('lybunt_donors'));
      assert.equal(Number(marts!['sybunt']), metric('sybunt_donors'));
      assert.equal(Number(marts!['overlap']), metric('cross_platform_overlap'));
    });

    it('computes a past date from event history alone: equal to a warehouse that only holds the events up to it', async () => {
      // The same dictionary pointed at a copy of the events cut at the past date.
      const cutFile = join(tempDir(), 'metrics_definitions.yaml');
      writeFileSync(cutFile, readFileSync(project.path('config/metrics_definitions.yaml'), 'utf8').replace('table: golden.engagement_events', 'table: history.engagement_events'));
      await inRun(project, async (ctx) => {
        await ctx.wh.execute('CREATE SCHEMA IF NOT EXISTS history');
        await ctx.wh.execute(ctx.wh.dialect.createTableAs(ctx.wh.dialect.table('history', 'engagement_events'), `SELECT * FROM golden.engagement_events WHERE event_date <= DATE '${past}'`));
      });
      const cut = loadDictionary(cutFile, 7);
      const full = await everyMetric(project, dict, [past]);
      assertSameValues(full, await everyMetric(project, cut, [past]), 'as-of vs truncated warehouse');
      const now = await everyMetric(project, dict, [asOf]);
      assert.ok(full.some((r, i) => r.value !== now[i]!.value), 'the past differs from today');
    });

    it('gives a series equal to its points, and the same numbers without filter pushdown', async () => {
      const dates = periodEnds('2025-10-15', asOf, 'month', 7);
      assert.deepEqual(dates, ['2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
      const series = await everyMetric(project, dict, dates);
      const points: MetricResult[] = [];
      for (const day of dates) points.push(...(await everyMetric(project, dict, [day])));
      const byKey = (r: MetricResult) => `${r.metric}|${r.as_of_date}`;
      assertSameValues([...series].sort((a, b) => byKey(a).localeCompare(byKey(b))), [...points].sort((a, b) => byKey(a).localeCompare(byKey(b))), 'series vs points');
      assertSameValues(series, await everyMetric(project, dict, dates, false), 'pushdown vs none', false);
    });

    it('fails the version lint when a calculation changes without a new version', async () => {
      const file = project.path('config/metrics_definitions.yaml');
      const original = readFileSync(file, 'utf8');
      assert.deepEqual(await inRun(project, (ctx) => lintVersions(ctx.wh, dict)), []);
      const changed = original.replace('INTERVAL -12 MONTH)\n    dimensions:\n      - by_source', 'INTERVAL -11 MONTH)\n    dimensions:\n      - by_source');
      assert.notEqual(changed, original);
      writeFileSync(file, changed);
      const problems = await inRun(project, (ctx) => lintVersions(ctx.wh, projectDictionary(project)));
      // sustainer_share divides by active_member, so its number changed too.
      assert.deepEqual(problems.map((p) => p.metric).sort(), ['active_member', 'sustainer_share']);
      assert.match(problems.find((p) => p.metric === 'active_member')!.message, /changed since values of version 1\.2\.0 were computed.*bump its version/);
      writeFileSync(file, changed.replace('version: 1.2.0', 'version: 1.3.0'));
      const left = await inRun(project, (ctx) => lintVersions(ctx.wh, projectDictionary(project)));
      assert.deepEqual(left.map((p) => p.metric), ['sustainer_share']);
      writeFileSync(file, original);
    });
  });
}

describe('metrics across engines', () => {
  it('DuckDB and PostgreSQL give the same value for every metric, total and breakdown', { skip: engines.find((e) => e.name === 'postgres')!.skip }, () => {
    const duck = resultsByEngine['duckdb'];
    const pg = resultsByEngine['postgres'];
    assert.ok(duck && pg, 'both engines computed the dictionary');
    assertSameValues(duck, pg, 'duckdb vs postgres');
  });
});
