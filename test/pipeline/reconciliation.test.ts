// Reconciliation: every raw row of every batch is staged, quarantined, superseded or pending,
// each counted from its own table, so a row lost between raw and staging shows as unaccounted.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runIngest } from '../../src/pipeline/ingest.js';
import { reconcile, reconciliationTotals } from '../../src/pipeline/reconciliation.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'volunteer-hub');

for (const engine of engines) {
  describe(`reconciliation on ${engine.name}`, { skip: engine.skip }, () => {
    it('accounts for every raw row, and shows a lost row and a batch not yet staged', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse(), sourcesYaml: readFileSync(join(fixture, 'sources.yaml'), 'utf8') });
      cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
      await inRun(project, (ctx) => runPipeline(ctx));
      const wh = await openWarehouse(project);
      try {
        const byStream = Object.fromEntries(reconciliationTotals(await reconcile(wh, project.sources)).map((r) => [r.stream, r]));
        // volunteers: 8 rows land; V1 and V5 come twice (one older copy each is superseded), two are quarantined.
        assert.deepEqual(byStream['volunteers'], { source: 'volunteer_hub', stream: 'volunteers', raw: 8, staged: 4, quarantined: 2, superseded: 2, pending: 0, unaccounted: 0 });
        for (const r of Object.values(byStream)) {
          assert.equal(r.unaccounted, 0, `${r.stream}: ${JSON.stringify(r)}`);
          const [raw] = await wh.query(`SELECT COUNT(*) AS n FROM raw.volunteer_hub__${r.stream}`);
          assert.equal(r.raw, Number(raw!['n']), `${r.stream}: the raw count is the table's`);
        }
        const [quarantined] = await wh.query("SELECT COUNT(*) AS n FROM quality.quarantine WHERE layer = 'staging'");
        assert.equal(Object.values(byStream).reduce((a, r) => a + r.quarantined, 0), Number(quarantined!['n']));

        // A staged row deleted behind the pipeline's back is caught.
        await wh.execute("DELETE FROM staging.volunteer_hub__shifts WHERE shift_id = 'S2'");
        const lost = (await reconcile(wh, project.sources)).filter((b) => b.unaccounted !== 0);
        assert.deepEqual(lost.map((b) => [b.stream, b.unaccounted]), [['shifts', 1]]);
      } finally {
        await wh.close();
      }

      // A batch landed but not staged yet is pending, not lost.
      writeFileSync(join(project.dataDir, 'shifts', 'shifts_april.csv'), 'Shift;Volunteer;Hours;Drive;Logged\nS7;V1;1;fd2024spr;01.04.2025 10:00\nS8;V2;2;fd2024spr;02.04.2025 10:00\n');
      await inRun(project, (ctx) => runIngest(ctx));
      const wh2 = await openWarehouse(project);
      try {
        const shifts = reconciliationTotals(await reconcile(wh2, project.sources)).find((r) => r.stream === 'shifts')!;
        assert.equal(shifts.pending, 2);
        assert.equal(shifts.unaccounted, 1, 'the deleted row is still missing');
      } finally {
        await wh2.close();
      }
    });
  });
}
