// Incremental resolution on every engine: after each daily batch only what the batch touches
// is resolved again, and the golden layer equals the one a full re-resolution of the same data
// gives (and the people equal those of a project that loaded everything at once).
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { runResolve, type ResolveResult } from '../../src/identity/resolve.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import { layerDigests } from '../support/digest.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

let world: string;
let files: string[];
before(async () => {
  world = tempDir('cpm-world-');
  await generateWorld({ scale: 1500, seed: 5, days: 3, outDir: world });
  files = readdirSync(world, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !relative(world, e.parentPath).startsWith('_'))
    .map((e) => relative(world, join(e.parentPath, e.name)));
});

const copy = (project: Project, match: (f: string) => boolean) => files.filter(match).forEach((f) => cpSync(join(world, f), join(project.dataDir, f)));
const days = () => [...new Set(files.map((f) => /_(\d{4}-\d{2}-\d{2})\./.exec(f)?.[1]).filter((x): x is string => !!x))].sort();
/** Columns that say when or in which run a row was written, not what it says. */
const when = ['matched_at', 'created_at', 'updated_at', 'run_id', 'changed_at'];
const golden = (project: Project) => inRun(project, (ctx) => layerDigests(ctx.wh, ['golden'], when));

async function people(project: Project): Promise<string[]> {
  const links = await inRun(project, (ctx) => ctx.wh.query('SELECT constituent_id, source_system, source_record_id FROM golden.constituent_source_links'));
  const groups = new Map<string, string[]>();
  for (const l of links) groups.set(String(l['constituent_id']), [...(groups.get(String(l['constituent_id'])) ?? []), `${l['source_system']}:${l['source_record_id']}`]);
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}

for (const engine of engines) {
  describe(`incremental resolution on ${engine.name}`, { skip: engine.skip }, () => {
    it('resolves only what each batch touches and ends where a full resolution does', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      copy(project, (f) => /_initial\./.test(f));
      const first = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal((first.resolve as ResolveResult).mode, 'full');
      let changed = 0;
      for (const day of days()) {
        copy(project, (f) => f.includes(`_${day}.`));
        const r = (await inRun(project, (ctx) => runPipeline(ctx))).resolve as ResolveResult;
        assert.equal(r.mode, 'incremental', day);
        assert.ok(r.touchedRecords! < r.records / 2, `${day}: ${r.changedRecords} changed, ${r.touchedRecords} touched of ${r.records}`);
        assert.equal(r.clusters.count, r.golden.constituents, `${day}: clusters reported, constituents published`);
        changed += r.changedRecords!;
      }
      assert.ok(changed > 0, 'the daily batches changed person records');
      const incremental = await golden(project);
      const full = await inRun(project, (ctx) => runResolve(ctx, { full: true }));
      assert.equal((full as ResolveResult).mode, 'full');
      assert.deepEqual(await golden(project), incremental, 'a full re-resolution changes no golden table');

      const atOnce = makeProject({ warehouse: await engine.freshWarehouse() });
      copy(atOnce, () => true);
      await inRun(atOnce, (ctx) => runPipeline(ctx));
      assert.deepEqual(await people(project), await people(atOnce), 'the same people as loading every file at once');
    });
  });
}
