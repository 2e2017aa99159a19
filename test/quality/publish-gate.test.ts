// The publish gate: a failing staging check stops `cpm run` before identity resolution, so the
// golden tables keep their last state; with block_publish: false the run publishes anyway. A
// failing golden check, run on the new tables before they are published, keeps golden and the
// marts as they were and drops what the run built aside.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { layerDigests } from '../support/digest.js';
import { engines } from '../support/engines.js';
import { inRun } from '../support/project.js';
import { pledgeProject, query, withRules } from './helpers.js';

const rules = (block: boolean) => `
version: 1
block_publish: ${block}
tables:
  staging.pledge_desk__donors:
    - invalid: email
      format: email
  golden.constituents:
    - row_count:
`;

/** golden.constituents fails above `max` rows. */
const goldenRules = (max: number) => `
version: 1
tables:
  golden.constituents:
    - row_count:
      fail: "> ${max}"
`;

const newDonors = 'id,first,last,email,zip,updated\nD5,Eve,Stone,eve.stone@example.org,60605,2024-02-01 10:00:00\nD6,Flo,Reyes,flo.reyes@example.org,60606,2024-02-01 10:00:00\n';
const derivedLayers = ['golden', 'dimensions', 'marts'];

const links = async (project: Parameters<typeof query>[0]) =>
  (await query(project, `SELECT source_record_id FROM golden.constituent_source_links WHERE source_system = 'pledge_desk' ORDER BY source_record_id`)).map((r) => r['source_record_id']);

for (const engine of engines) {
  describe(`the publish gate on ${engine.name}`, { skip: engine.skip }, () => {
    it('a failing staging check keeps golden as it was; block_publish: false publishes', async () => {
      let project = await pledgeProject(engine, rules(true));
      const first = await inRun(project, (ctx) => runPipeline(ctx));
      assert.deepEqual(first.quality?.counts, { checks: 2, pass: 2, warn: 0, fail: 0 });
      assert.deepEqual(await links(project), ['D1', 'D2', 'D3', 'D4']);
      const before = await inRun(project, (ctx) => layerDigests(ctx.wh, ['golden']));

      // A new export with one malformed email address.
      writeFileSync(join(project.dataDir, 'donors', 'donors_2024-02-01.csv'), 'id,first,last,email,zip,updated\nD5,Eve,Stone,eve.stone(at)example.org,60605,2024-02-01 10:00:00\nD6,Flo,Reyes,flo.reyes@example.org,60606,2024-02-01 10:00:00\n');
      const blocked = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(blocked.quality?.blocked, true);
      assert.deepEqual(blocked.quality?.layers, ['staging'], 'golden checks do not run when golden is not built');
      assert.equal(blocked.resolve, undefined, 'identity resolution did not run');
      assert.equal(blocked.marts, undefined);
      const failed = blocked.quality!.results.filter((r) => r.outcome === 'fail');
      assert.deepEqual(failed.map((r) => [r.table, r.name, r.measured]), [['staging.pledge_desk__donors', 'invalid(email)', 1]]);
      const staged = await query(project, 'SELECT donor_id FROM staging.pledge_desk__donors ORDER BY donor_id');
      assert.deepEqual(staged.map((r) => r['donor_id']), ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'], 'staging has the new rows');
      assert.deepEqual(await inRun(project, (ctx) => layerDigests(ctx.wh, ['golden'])), before, 'golden is exactly as before');

      project = withRules(project, rules(false));
      const published = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(published.quality?.blocked, false);
      assert.equal(published.quality?.counts.fail, 1, 'the check still fails and is reported');
      assert.deepEqual(published.quality?.layers, ['staging', 'golden']);
      assert.ok(published.resolve && !('skipped' in published.resolve && published.resolve.skipped));
      assert.deepEqual(await links(project), ['D1', 'D2', 'D3', 'D4', 'D5', 'D6']);
    });

    it('a failing golden check, run before the publish, keeps golden and the marts as they were; the next run resolves in full', async () => {
      let project = await pledgeProject(engine, goldenRules(5));
      const first = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(first.quality?.blocked, false);
      assert.ok(first.marts, 'the first run built the marts');
      const before = await inRun(project, (ctx) => layerDigests(ctx.wh, derivedLayers));

      writeFileSync(join(project.dataDir, 'donors', 'donors_2024-02-01.csv'), newDonors);
      const blocked = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(blocked.quality?.blocked, true);
      assert.deepEqual(blocked.quality?.layers, ['golden'], 'the only layer with checks; the marts were not checked after it failed');
      assert.deepEqual(
        blocked.quality!.results.filter((r) => r.outcome === 'fail').map((r) => [r.table, r.name, r.measured]),
        [['golden.constituents', 'row_count', 6]],
        'the check measured the new golden table, built aside',
      );
      assert.equal(blocked.marts, undefined, 'the marts were not published');
      assert.equal(blocked.snapshot, undefined, 'nothing new to keep');
      assert.deepEqual(await inRun(project, (ctx) => layerDigests(ctx.wh, derivedLayers)), before, 'golden, dimensions and marts exactly as before, nothing left beside them');

      project = withRules(project, goldenRules(10));
      const next = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(next.quality?.blocked, false);
      assert.ok(next.resolve && !next.resolve.skipped && next.resolve.mode === 'full', 'the resolution the gate stopped stayed pending: resolved again in full');
      assert.deepEqual(await links(project), ['D1', 'D2', 'D3', 'D4', 'D5', 'D6']);
    });
  });
}
