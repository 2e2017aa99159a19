// A transient failure after rows were landed: the connector retries the load, which takes over
// its own unfinished batch, so raw holds each row once and staging is not held back.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/log/logger.js';
import { runIngest } from '../../src/pipeline/ingest.js';
import { ensureMetaTables } from '../../src/pipeline/meta-tables.js';
import { stageableUpTo } from '../../src/pipeline/batches.js';
import type { RunContext } from '../../src/pipeline/run-context.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { makeProject } from '../support/project.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'volunteer-hub');

describe('a load that fails after landing rows', () => {
  it('is retried without duplicating rows or leaving a batch unfinished', async () => {
    const project = makeProject({ warehouse: await engines[0]!.freshWarehouse(), sourcesYaml: readFileSync(join(fixture, 'sources.yaml'), 'utf8') });
    cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
    const real = await openWarehouse(project);
    let failures = 0;
    // The first landing of the shifts stream lands its rows, then the connection "drops".
    const flaky = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === 'landFiles') {
          return async (spec: Parameters<Warehouse['landFiles']>[0]) => {
            const result = await target.landFiles(spec);
            if (spec.table.name.endsWith('shifts') && failures++ === 0) throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
            return result;
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      await ensureMetaTables(real);
      const ctx: RunContext = { project, wh: flaky, runId: 'test', log: createLogger({ stderrLevel: 'silent' }), progress: () => {} };
      const reports = await runIngest(ctx);
      assert.equal(failures, 2, 'failed once, then succeeded');
      assert.equal(reports.find((r) => r.stream === 'shifts')?.rows, 6);
      const [raw] = await real.query('SELECT COUNT(*) AS n, COUNT(DISTINCT _batch_id) AS batches FROM raw.volunteer_hub__shifts');
      assert.deepEqual(raw, { n: 6, batches: 1 });
      const [loading] = await real.query("SELECT COUNT(*) AS n FROM meta.batches WHERE status <> 'loaded'");
      assert.equal(loading!['n'], 0);
      const [max] = await real.query('SELECT MAX(batch_id) AS m FROM meta.batches');
      assert.equal(await stageableUpTo(real), max!['m']);
    } finally {
      await real.close();
    }
  });
});
