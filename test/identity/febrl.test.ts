// The FEBRL benchmark files (../shared/data/febrl) resolved with the example configs in
// docs/examples/febrl (the weighted model, and Fellegi-Sunter with EM) and no code written for
// them: pairwise F1 at least 0.95 on datasets 2 and 3, on every engine, the same clusters everywhere.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { evaluateResolution } from '../../src/identity/evaluate.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { packageRoot } from '../../src/project/init.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

// Beside the repository as ../shared/data/febrl, or wherever CPM_FEBRL_DIR says.
const febrl = process.env['CPM_FEBRL_DIR'] ?? join(packageRoot, '..', 'shared', 'data', 'febrl');
const example = join(packageRoot, 'docs', 'examples', 'febrl');
const missing = existsSync(febrl) ? false : `the FEBRL files are not at ${febrl} (set CPM_FEBRL_DIR)`;

/** Ground truth from the record ids: rec-<n>-org and rec-<n>-dup-<k> are person <n>. */
function writeTruth(dataset: string): string {
  const rows = parse(readFileSync(join(febrl, dataset)), { columns: true, trim: true }) as { rec_id: string }[];
  const file = join(tempDir(), 'truth.csv');
  writeFileSync(file, ['source_system,source_record_id,person_id', ...rows.map((r) => `febrl,${r.rec_id},${r.rec_id.split('-')[1]}`)].join('\n'));
  return file;
}

const clustersByEngine: Record<string, string[]> = {};

const models = { weighted: 'identity.yaml', fellegi_sunter: 'identity-fellegi-sunter.yaml' };
const cases = ['dataset2.csv', 'dataset3.csv'].flatMap((dataset) => Object.entries(models).map(([model, identityFile]) => ({ dataset, model, identityFile })));

for (const { dataset, model, identityFile } of cases) {
  for (const engine of engines) {
    describe(`FEBRL ${dataset}, ${model} model, on ${engine.name}`, { skip: missing || engine.skip }, () => {
      it('reaches pairwise F1 >= 0.95 with the example config', async () => {
        const project = makeProject({
          warehouse: await engine.freshWarehouse(),
          sourcesYaml: readFileSync(join(example, 'sources.yaml'), 'utf8'),
          identityYaml: readFileSync(join(example, identityFile), 'utf8'),
        });
        mkdirSync(join(project.dataDir, 'febrl'));
        copyFileSync(join(febrl, dataset), join(project.dataDir, 'febrl', dataset));
        await inRun(project, (ctx) => runPipeline(ctx));
        const e = await inRun(project, (ctx) => evaluateResolution(ctx.wh, writeTruth(dataset)));
        assert.equal(e.records_evaluated, 5000);
        assert.ok(e.pairwise.f1 >= 0.95, `pairwise F1 ${e.pairwise.f1.toFixed(4)} (precision ${e.pairwise.precision.toFixed(4)}, recall ${e.pairwise.recall.toFixed(4)})`);
        const groups = await inRun(project, (ctx) => ctx.wh.query('SELECT constituent_id, source_record_id FROM golden.constituent_source_links'));
        const byCluster = new Map<string, string[]>();
        for (const g of groups) byCluster.set(String(g['constituent_id']), [...(byCluster.get(String(g['constituent_id'])) ?? []), String(g['source_record_id'])]);
        const clusters = [...byCluster.values()].map((ids) => ids.sort().join(' ')).sort();
        const key = `${dataset} ${model}`;
        if (clustersByEngine[key]) assert.deepEqual(clusters, clustersByEngine[key], 'the same clusters as on the other engine');
        else clustersByEngine[key] = clusters;
      });
    });
  }
}
