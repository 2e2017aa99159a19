// Every check kind on purpose-built tables: each passes on clean data and fails on data built to
// break it; thresholds pick warn or fail; results land in quality.check_results; a check that
// cannot run fails alone; schema drift is seen on the next run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import type { RunContext } from '../../src/pipeline/run-context.js';
import { insertRows, type Literal } from '../../src/pipeline/sql-values.js';
import { runQuality } from '../../src/quality/quality-run.js';
import { engines } from '../support/engines.js';
import { inRun } from '../support/project.js';
import { pledgeProject, query } from './helpers.js';

const shared = `
    - row_count:
      name: rows
      fail: "< 5"
    - missing: email
    - invalid: email
      format: email
    - invalid: amount
      name: amount_range
      min: 0
      max: 1000
    - invalid: status
      values: [a, b]
    - invalid: code
      name: code_length
      min_length: 3
      max_length: 3
    - invalid: code
      name: code_letters
      regex: "^[A-Z]+$"
    - invalid: born
      name: born_range
      min: "1900-01-01"
      max: today
    - duplicate: id
    - duplicate: [id, status]
    - freshness: updated_at
      warn: "> 12h"
      fail: "> 1d"
    - reference: ref_id
      to: marts.q_ref
      field: id
    - sql: |
        SELECT t.* FROM {{ table }} AS t
        JOIN {{ ref('marts.q_ref') }} AS r ON r.id = t.ref_id
        WHERE t.amount > 1000
      name: huge_amounts_of_known_refs
    - schema:
        required: [id, email]
        types: { amount: decimal, born: date, updated_at: timestamp }`;

const rules = `
version: 1
tables:
  marts.q_good:${shared}
    - sql: SELECT * FROM marts.no_such_table
      name: broken_sql
    - missing: no_such_column
  marts.q_bad:${shared}
    - invalid: amount
      name: negative_share
      min: 0
      warn: "> 10%"
      fail: "> 50%"
    - missing: email
      name: missing_share
      warn: "> 10%"
      fail: "> 40%"
    - missing: email
      name: missing_count
      warn: "> 1"
    - invalid: email
      name: invalid_share_under_warn
      format: email
      warn: "> 60%"
    - freshness: updated_at
      name: stale_warn_only
      warn: "> 1d"
  marts.q_missing_table:
    - row_count:
`;

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

async function createTables(ctx: RunContext): Promise<void> {
  const d = ctx.wh.dialect;
  const fresh = utc(Date.now() - 3_600_000);
  const columns: [string, 'text' | 'decimal' | 'double' | 'date' | 'timestamp'][] = [['id', 'text'], ['email', 'text'], ['amount', 'decimal'], ['status', 'text'], ['code', 'text'], ['born', 'date'], ['updated_at', 'timestamp'], ['ref_id', 'text']];
  const names = columns.map(([c]) => c);
  await ctx.wh.execute(d.createSchema('marts'));
  await ctx.wh.execute(d.createTable(d.table('marts', 'q_ref'), [['id', 'text']]));
  await insertRows(ctx.wh, 'marts.q_ref', ['id'], [['R1'], ['R2'], ['R3']]);
  await ctx.wh.execute(d.createTable(d.table('marts', 'q_good'), columns));
  const good: Literal[][] = [
    ['1', 'a@x.org', 10, 'a', 'ABC', '1980-01-01', fresh, 'R1'],
    ['2', 'b@x.org', 20, 'b', 'DEF', '1990-05-05', fresh, 'R2'],
    ['3', 'c@x.org', 0, 'a', 'GHI', '1970-02-02', fresh, 'R3'],
    ['4', 'd@x.org', 100, 'b', 'JKL', '2000-12-31', fresh, null],
    ['5', 'e@x.org', 1000, 'a', 'MNO', '1955-03-03', fresh, 'R1'],
    ['6', 'f@x.org', 1, 'b', 'PQR', '1999-09-09', fresh, 'R2'],
  ];
  await insertRows(ctx.wh, 'marts.q_good', names, good);
  // amount is a DOUBLE here, so the schema check's expected DECIMAL fails.
  await ctx.wh.execute(d.createTable(d.table('marts', 'q_bad'), columns.map(([c, t]) => [c, c === 'amount' ? 'double' : t])));
  const bad: Literal[][] = [
    ['1', 'a@x.org', -5, 'a', 'ABC', '1800-01-01', '2000-01-01 00:00:00', 'R9'],
    ['1', null, 2000, 'a', 'A', '2999-01-01', '2000-01-01 00:00:00', 'R1'],
    ['2', 'bad', 10, 'zzz', 'ab1', '1980-01-01', '1999-01-01 00:00:00', 'R2'],
    ['3', '  ', 10, 'b', 'XYZ', '1980-01-01', '1999-01-01 00:00:00', 'R3'],
  ];
  await insertRows(ctx.wh, 'marts.q_bad', names, bad);
}

for (const engine of engines) {
  describe(`quality checks on ${engine.name}`, { skip: engine.skip }, () => {
    let project: Project;
    let firstRun = '';
    const run = () => inRun(project, (ctx) => runQuality(ctx));

    it('each kind passes on clean data and fails on data built to break it', async () => {
      project = await pledgeProject(engine, rules);
      await inRun(project, createTables);
      const report = (await inRun(project, async (ctx) => {
        firstRun = ctx.runId;
        return runQuality(ctx);
      }))!;
      const of = (table: string) => new Map(report.results.filter((r) => r.table === `marts.${table}`).map((r) => [r.name, r]));
      const good = of('q_good');
      const bad = of('q_bad');
      const kinds = ['rows', 'missing(email)', 'invalid(email)', 'amount_range', 'invalid(status)', 'code_length', 'code_letters', 'born_range', 'duplicate(id)', 'duplicate(id, status)', 'freshness(updated_at)', 'reference(ref_id)', 'huge_amounts_of_known_refs', 'schema'];
      for (const name of kinds) {
        assert.equal(good.get(name)?.outcome, 'pass', `q_good ${name}: ${good.get(name)?.detail}`);
        assert.equal(bad.get(name)?.outcome, 'fail', `q_bad ${name}: ${bad.get(name)?.detail}`);
      }
      const measured = (name: string) => bad.get(name)?.measured;
      assert.deepEqual(
        kinds.filter((k) => k !== 'freshness(updated_at)').map((k) => [k, measured(k)]),
        [
          ['rows', 4],
          ['missing(email)', 2], // NULL and blank
          ['invalid(email)', 2], // 'bad' and the blank one (blank is not NULL)
          ['amount_range', 2],
          ['invalid(status)', 1],
          ['code_length', 1],
          ['code_letters', 1],
          ['born_range', 2],
          ['duplicate(id)', 1],
          ['duplicate(id, status)', 1],
          ['reference(ref_id)', 1],
          ['huge_amounts_of_known_refs', 1],
          ['schema', 1],
        ],
      );
      assert.ok(measured('freshness(updated_at)')! > 24 * 365 * 20, 'a 2000-01-01 value is decades old');
      assert.ok(good.get('freshness(updated_at)')!.measured! < 2);
      assert.match(bad.get('schema')!.detail, /column amount is .*, expected decimal/i);
      assert.equal(bad.get('amount_range')!.percent, 50);

      // Thresholds: the share or count decides between warn and fail.
      assert.deepEqual(
        ['negative_share', 'missing_share', 'missing_count', 'invalid_share_under_warn', 'stale_warn_only'].map((n) => [n, bad.get(n)?.outcome]),
        [['negative_share', 'warn'], ['missing_share', 'fail'], ['missing_count', 'warn'], ['invalid_share_under_warn', 'pass'], ['stale_warn_only', 'warn']],
      );

      // A check that cannot run fails on its own, saying why; the rest of the table still runs.
      assert.equal(good.get('broken_sql')?.outcome, 'fail');
      assert.match(good.get('broken_sql')!.detail, /no_such_table/i);
      assert.equal(good.get('missing(no_such_column)')?.outcome, 'fail');
      assert.match(good.get('missing(no_such_column)')!.detail, /has no column "no_such_column"/);
      assert.match(report.results.find((r) => r.table === 'marts.q_missing_table')!.detail, /does not exist/);
      assert.equal(report.counts.checks, report.results.length);
      assert.equal(report.counts.fail, report.results.filter((r) => r.outcome === 'fail').length);
      assert.deepEqual(report.layers, ['marts']);
    });

    it('records every result of the run in quality.check_results', async () => {
      const rows = await query(project, `SELECT * FROM quality.check_results WHERE run_id = '${firstRun}'`);
      assert.equal(rows.length, 2 * 14 + 2 + 5 + 1);
      const r = rows.find((x) => x['table_name'] === 'marts.q_bad' && x['check_name'] === 'amount_range')!;
      assert.deepEqual(
        { layer: r['layer'], type: r['check_type'], column: r['column_name'], outcome: r['outcome'], measured: Number(r['measured']), percent: Number(r['measured_percent']), failing: Number(r['failing_rows']), total: Number(r['total_rows']), fail: r['fail_threshold'], warn: r['warn_threshold'] },
        { layer: 'marts', type: 'invalid', column: 'amount', outcome: 'fail', measured: 2, percent: 50, failing: 2, total: 4, fail: '> 0', warn: null },
      );
      assert.match(String(r['checked_at']), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    });

    it('sees schema drift from the last run once, then passes again', async () => {
      await inRun(project, (ctx) => ctx.wh.execute(`ALTER TABLE ${ctx.wh.dialect.table('marts', 'q_good')} ADD COLUMN extra ${ctx.wh.dialect.type('text')}`));
      const drifted = (await run())!.results.find((r) => r.table === 'marts.q_good' && r.name === 'schema')!;
      assert.equal(drifted.outcome, 'warn');
      assert.match(drifted.detail, /column extra was added/);
      const again = (await run())!.results.find((r) => r.table === 'marts.q_good' && r.name === 'schema')!;
      assert.equal(again.outcome, 'pass');
    });

    it('runs only the layer asked for', async () => {
      const report = (await inRun(project, (ctx) => runQuality(ctx, 'golden')))!;
      assert.equal(report.results.length, 0);
    });
  });
}
