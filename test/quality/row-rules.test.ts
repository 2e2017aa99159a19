// Row-level rules (`quarantine: true`): rows that break them go to quality.quarantine with the
// rule's name through the staging quarantine path, and the check records how many did.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { qualityFileSchema } from '../../src/config/quality-schema.js';
import { sourcesFileSchema } from '../../src/config/sources-schema.js';
import { getDialect } from '../../src/dialect/registry.js';
import { reconcile } from '../../src/pipeline/reconciliation.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { streamEntries, streamModels } from '../../src/pipeline/staging/stream-models.js';
import { checkSpecs } from '../../src/quality/check-specs.js';
import { rowRulesOf } from '../../src/quality/row-rules.js';
import { engines } from '../support/engines.js';
import { inRun } from '../support/project.js';
import { fixture, pledgeProject, query } from './helpers.js';

const rules = `
version: 1
tables:
  staging.pledge_desk__pledges:
    - invalid: amount
      name: amount_not_negative
      min: 0
      quarantine: true
    - invalid: pledged_on
      name: pledge_not_in_future
      max: today
      quarantine: true
      fail: "> 50%"
    - missing: channel
      quarantine: true
    - reference: donor_id
      to: staging.pledge_desk__donors
      warn: "> 0"
    - invalid: channel
      values: [phone, online, mail]
      warn: "> 0"
      fail: "> 50%"
`;

describe('row-level rules compile into the staging SQL only when there are some', () => {
  const sources = sourcesFileSchema.parse(parse(readFileSync(join(fixture, 'sources.yaml'), 'utf8')));
  for (const name of ['duckdb', 'postgres', 'databricks', 'snowflake'] as const) {
    it(`${name}: no rules leaves every stream's SQL byte-identical`, () => {
      const d = getDialect(name);
      const range = { after: 0, upTo: 7 };
      const plain = streamModels(d, sources).map((m) => m.prepare!.select(range));
      const none = streamModels(d, sources, rowRulesOf(undefined, d, { now: '2026-01-01 00:00:00' })).map((m) => m.prepare!.select(range));
      assert.deepEqual(none, plain);
      const withRules = streamModels(d, sources, rowRulesOf(qualityFileSchema.parse(parse(rules)), d, { now: '2026-01-01 00:00:00' })).map((m) => m.prepare!.select(range));
      assert.equal(withRules[0], plain[0], 'donors have no row-level rule');
      assert.notEqual(withRules[1], plain[1]);
      assert.match(withRules[1]!, /quality rule amount_not_negative: amount /);
      assert.equal(streamEntries(sources).length, 2);
    });
  }
});

for (const engine of engines) {
  describe(`row-level rules on ${engine.name}`, { skip: engine.skip }, () => {
    it('quarantine failing rows with the rule and reason; the checks count them', async () => {
      const project = await pledgeProject(engine, rules);
      const result = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(result.quality?.blocked, false);
      const staged = await query(project, 'SELECT pledge_id FROM staging.pledge_desk__pledges ORDER BY pledge_id');
      assert.deepEqual(staged.map((r) => r['pledge_id']), ['P1', 'P5', 'P8']);

      const quarantine = await query(project, `SELECT source_row, reason FROM quality.quarantine WHERE stream = 'pledges' ORDER BY source_row`);
      const reasons = Object.fromEntries(quarantine.map((r) => [Number(r['source_row']), String(r['reason'])]));
      assert.equal(reasons[2], "quality rule amount_not_negative: amount '-25.00' is not >= 0; ");
      assert.equal(reasons[3], "amount: 'abc' is not a valid decimal; ", 'a value that cannot be typed is not also blamed on a range rule');
      assert.equal(reasons[4], "quality rule pledge_not_in_future: pledged_on '2999-01-01' is not <= today; ");
      assert.equal(reasons[6], 'quality rule missing(channel): channel is missing; ');
      assert.equal(reasons[7], "quality rule amount_not_negative: amount '-5.00' is not >= 0; quality rule pledge_not_in_future: pledged_on '2999-02-02' is not <= today; ");
      assert.equal(Object.keys(reasons).length, 5);

      const byName = new Map(result.quality!.results.map((r) => [r.name, r]));
      assert.deepEqual(
        [...byName.values()].map((r) => [r.name, r.outcome, r.measured]),
        [
          ['amount_not_negative', 'warn', 2], // the default for a row-level rule: warn when any row was quarantined
          ['pledge_not_in_future', 'pass', 2], // 2 of 3 staged + 2 = 40%, under the 50% fail threshold
          ['missing(channel)', 'warn', 1],
          ['reference(donor_id)', 'warn', 1], // P5's donor D9 does not exist
          ['invalid(channel)', 'warn', 1], // "carrier pigeon"
        ],
      );
      assert.equal(byName.get('pledge_not_in_future')!.percent, 40);

      // Quarantined by a rule is accounted for like quarantined for a type error.
      const recon = await inRun(project, (ctx) => reconcile(ctx.wh, ctx.project.sources));
      const pledges = recon.filter((r) => r.stream === 'pledges');
      assert.equal(pledges.reduce((n, r) => n + r.quarantined, 0), 5);
      assert.ok(pledges.every((r) => r.unaccounted === 0));

      const recorded = await query(project, `SELECT check_name, outcome, measured, failing_rows, total_rows FROM quality.check_results WHERE check_name = 'amount_not_negative'`);
      assert.deepEqual(recorded.map((r) => [r['outcome'], Number(r['measured']), Number(r['failing_rows']), Number(r['total_rows'])]), [['warn', 2, 2, 5]]);
      assert.equal(checkSpecs(project.quality!).filter((s) => s.quarantine).length, 3);
    });
  });
}
