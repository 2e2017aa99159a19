// The metrics commands from the command line on a small synthetic world: the blueprint's JSON,
// a series, the SQL per engine, the side-by-side comparison, drift against an earlier run, the
// version lint, and the errors people will meet.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';

describe('metrics commands', () => {
  const dir = join(tempDir(), 'demo');
  const run = (...args: string[]) => cpm([...args, '--project', dir]);
  const json = (...args: string[]) => {
    const r = run(...args, '--json');
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  before(() => {
    const demo = cpm(['demo', '--scale', '800', '--dir', dir]);
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stderr, /headline metrics as of 2026-06-30 \(36 computed and stored\)/);
    assert.match(demo.stderr, /Active Member\s+[\d,]+\s+active_member/);
  });

  it('prints a value in the blueprint shape, and a series', () => {
    const value = json('metrics', 'compute', 'active_member', '--as-of', '2026-03-31');
    assert.deepEqual(Object.keys(value), ['metric', 'value', 'as_of_date', 'definition_version', 'dimensions']);
    assert.equal(value.metric, 'active_member');
    assert.equal(value.as_of_date, '2026-03-31');
    assert.equal(value.definition_version, '1.2.0');
    assert.deepEqual(Object.keys(value.dimensions), ['by_source', 'by_gift_type']);
    assert.ok(value.value > 0);
    const series = json('metrics', 'compute', 'active_member', '--from', '2025-07-01', '--to', '2026-06-30', '--grain', 'quarter');
    assert.deepEqual(series.map((s: { as_of_date: string }) => s.as_of_date), ['2025-09-30', '2025-12-31', '2026-03-31', '2026-06-30']);
    assert.equal(series[2].value, value.value, 'a series point equals the single value');
  });

  it('prints the SQL for every engine', () => {
    for (const [dialect, marker] of [['duckdb', 'INTERVAL (-12) MONTH'], ['postgres', "INTERVAL '1 month'"], ['snowflake', 'DATEADD(month, -12,'], ['databricks', 'ADD_MONTHS(']]) {
      const r = run('metrics', 'sql', 'active_member', '--dialect', dialect!, '--as-of', '2026-06-30');
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes(marker!), `${dialect}: ${r.stdout}`);
      assert.ok(r.stdout.includes('2026-06-30'));
    }
  });

  it('compares definitions side by side, with their caveats', () => {
    const rows = json('metrics', 'compare', 'active_member', 'active_member_with_grace', 'active_member_fiscal');
    assert.deepEqual(rows.map((r: { metric: string }) => r.metric), ['active_member', 'active_member_with_grace', 'active_member_fiscal']);
    assert.ok(rows[1].value >= rows[0].value);
    assert.match(rows[0].caveats.join(' '), /Grace period NOT included/);
    assert.match(run('metrics', 'compare', 'active_member', 'active_member_fiscal').stderr, /definition: A constituent who has made at least one donation/);
  });

  it('diffs against an earlier run or a saved file and flags what moved', () => {
    const saved = join(tempDir(), 'values.json');
    const r = run('metrics', 'compute', 'active_member', 'total_giving_12m', '--json');
    writeFileSync(saved, r.stdout);
    assert.equal(run('metrics', 'diff', '--against', saved).code, 0, 'nothing moved');
    const values = JSON.parse(r.stdout);
    values[0].value = Math.round(values[0].value * 1.5);
    writeFileSync(saved, JSON.stringify(values));
    const moved = run('metrics', 'diff', '--against', saved, '--threshold', '5%');
    assert.equal(moved.code, 1, moved.stderr);
    assert.match(moved.stderr, /active_member\s+2026-06-30\s+total/);
    const runs = json('metrics', 'diff', '--against', saved, '--threshold', '50%');
    assert.equal(runs.flagged, 0);
    assert.equal(run('metrics', 'diff', '--against', 'no-such-run').code, 2);
    // Against a run: the values `compute` stored under its run id, recomputed now.
    const computeRun = json('status').runs.find((r: { command: string }) => r.command === 'metrics').run_id;
    const againstRun = json('metrics', 'diff', '--against', computeRun);
    assert.equal(againstRun.flagged, 0);
    assert.deepEqual([...new Set(againstRun.changes.map((c: { metric: string }) => c.metric))].sort(), ['active_member', 'total_giving_12m']);
  });

  it('fails the lint after a calculation changed without a version bump', () => {
    assert.equal(run('metrics', 'lint').code, 0);
    const file = join(dir, 'config', 'metrics_definitions.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace("last_donation_date: MAX(event_date) WHERE event_type = 'donation' AND event_status = 'posted'", "last_donation_date: MAX(event_date) WHERE event_type = 'donation'"));
    const lint = run('metrics', 'lint');
    assert.equal(lint.code, 1);
    assert.match(lint.stderr, /active_member: the calculation .* changed since values of version 1\.2\.0 were computed/);
    writeFileSync(file, original);
  });

  it('reports mistakes clearly', () => {
    const unknown = run('metrics', 'compute', 'active_members');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no metric active_members/);
    assert.equal(run('metrics', 'compute', 'active_member', '--as-of', '2026-13-01').code, 2);
    assert.equal(run('metrics', 'sql', 'active_member', '--dialect', 'oracle').code, 2);
    const file = join(dir, 'config', 'metrics_definitions.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('COUNT(DISTINCT constituent_id)\n        WHERE last_donation_date >= DATE_ADD(CURRENT_DATE, INTERVAL -12 MONTH)\n    dimensions:\n      - by_source', 'COUNT(DISTINCT constituent_id)\n        WHERE last_gift >= DATE_ADD(CURRENT_DATE, INTERVAL -12 MONTH)\n    dimensions:\n      - by_source'));
    const broken = run('metrics', 'list');
    writeFileSync(file, original);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /metrics_definitions\.yaml:\d+: metric active_member: model constituents has no column last_gift/);
  });
});
