// The example project's config/quality_rules.yaml on the synthetic world: every check passes on
// the generator's data, through a first load and an incremental day, on every engine; and the
// rules are real (they fail when the data breaks them).
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { runQuality } from '../../src/quality/quality-run.js';
import { generateWorld } from '../../src/synth/index.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

let world: string;
let files: string[];

before(async () => {
  world = tempDir('cpm-quality-world-');
  await generateWorld({ scale: 400, seed: 11, days: 1, outDir: world });
  files = readdirSync(world, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !relative(world, e.parentPath).startsWith('_'))
    .map((e) => relative(world, join(e.parentPath, e.name)));
});

for (const engine of engines) {
  describe(`the shipped quality rules on ${engine.name}`, { skip: engine.skip }, () => {
    it('pass on the synthetic world, first load and incremental day', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      assert.ok(project.quality, 'config/quality_rules.yaml ships with the example project');
      for (const batch of [(f: string) => /_initial\./.test(f), (f: string) => !/_initial\./.test(f)]) {
        for (const f of files.filter(batch)) cpSync(join(world, f), join(project.dataDir, f));
        const result = await inRun(project, (ctx) => runPipeline(ctx));
        const q = result.quality!;
        const problems = q.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.outcome} ${r.table} ${r.name}: ${r.detail}`);
        assert.deepEqual(problems, []);
        assert.deepEqual(q.layers, ['staging', 'golden', 'marts']);
        assert.ok(q.counts.checks >= 40);
      }

      // The same rules catch broken data: a negative gift and an email without a domain.
      await inRun(project, async (ctx) => {
        await ctx.wh.execute(`UPDATE staging.wbez_donations__donors SET email = 'nobody' WHERE donor_id IN (SELECT donor_id FROM staging.wbez_donations__donors WHERE email IS NOT NULL ORDER BY donor_id LIMIT 20)`);
        await ctx.wh.execute(`UPDATE marts.gifts SET amount = -1 WHERE source_event_id IN (SELECT source_event_id FROM marts.gifts ORDER BY source_event_id LIMIT 1)`);
      });
      const broken = (await inRun(project, (ctx) => runQuality(ctx)))!;
      const outcome = (table: string, name: string) => broken.results.find((r) => r.table === table && r.name === name)?.outcome;
      assert.equal(outcome('staging.wbez_donations__donors', 'invalid(email)'), 'fail');
      assert.equal(outcome('marts.gifts', 'invalid(amount)'), 'fail');
    });
  });
}
