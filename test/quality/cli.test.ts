// `cpm quality` and `cpm run` through the CLI: exit 0 when nothing fails (warnings included),
// 1 when a check fails (naming it), 2 for a broken rules file; every invocation is a recorded run.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import { cpm } from '../support/run-cli.js';
import { pledgeProject, query } from './helpers.js';

const duckdb = { name: 'duckdb' as const, skip: false as const, freshWarehouse: async () => duckdbWarehouseSchema.parse({ type: 'duckdb' }) };

const rules = (emailCheck: string) => `
version: 1
tables:
  staging.pledge_desk__donors:
    - invalid: email
      format: email
${emailCheck}
  golden.constituents:
    - row_count:
`;

describe('cpm quality and cpm run through the CLI', () => {
  let project: Project;
  const write = (yaml: string) => writeFileSync(join(project.root, 'config', 'quality_rules.yaml'), yaml);
  const run = (...args: string[]) => cpm([...args, '--project', project.root]);

  before(async () => {
    project = await pledgeProject(duckdb, rules(''));
    const first = run('run');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /quality checks \(staging, golden\): 2 check\(s\): 2 pass, 0 warn, 0 fail/);
    writeFileSync(join(project.dataDir, 'donors', 'donors_2024-02-01.csv'), 'id,first,last,email,zip,updated\nD5,Eve,Stone,eve.stone(at)example.org,60605,2024-02-01 10:00:00\n');
  });

  it('cpm run exits 1 when a staging check fails and names it; golden is not published', async () => {
    const r = run('run');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /error: quality checks failed, so golden, dimensions and marts were not published:\n {2}staging\.pledge_desk__donors: invalid\(email\) \(1 of 5 row\(s\)/);
    assert.match(r.stderr, /publish blocked: a check failed, so nothing new was published/);
    const [last] = await query(project, `SELECT status, error FROM meta.runs WHERE command = 'run' ORDER BY started_at DESC, run_id DESC LIMIT 1`);
    assert.equal(last!['status'], 'failed');
    assert.match(String(last!['error']), /invalid\(email\)/);
  });

  it('cpm quality exits 1 on a failed check, 0 on warnings, 2 on a broken file', async () => {
    const failing = run('quality');
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /FAIL +staging +staging\.pledge_desk__donors +invalid\(email\) +1 \(20\.00%\)/);
    assert.match(failing.stderr, /2 check\(s\): 1 pass, 0 warn, 1 fail/);

    write(rules('      warn: "> 0"'));
    const warned = run('quality', '--json');
    assert.equal(warned.code, 0, warned.stderr);
    const report = JSON.parse(warned.stdout) as { counts: Record<string, number>; results: { name: string; outcome: string; measured: number }[] };
    assert.deepEqual(report.counts, { checks: 2, pass: 1, warn: 1, fail: 0 });
    assert.deepEqual(report.results.map((x) => [x.name, x.outcome, x.measured]), [['invalid(email)', 'warn', 1], ['row_count', 'pass', 4]]);

    write(rules('      fail: "> 50%"'));
    const golden = run('quality', '--layer', 'golden', '--json');
    assert.equal(golden.code, 0);
    assert.deepEqual((JSON.parse(golden.stdout) as { layers: string[] }).layers, ['golden']);
    assert.equal(run('quality', '--layer', 'bronze').code, 2);

    write(rules('      fail: "lots"'));
    const broken = run('quality');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /quality_rules\.yaml:7:13: tables\.staging\.pledge_desk__donors\.0\.fail: write a comparison/);

    // The three that got past their arguments and config are recorded runs (failed checks are a result, not a failed run).
    const runs = await query(project, `SELECT status FROM meta.runs WHERE command = 'quality'`);
    assert.deepEqual(runs.map((r) => r['status']), ['succeeded', 'succeeded', 'succeeded']);
  });
});
