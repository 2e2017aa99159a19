// Snapshots and rollback on every engine, each its own way (DuckDB and PostgreSQL: copies in
// the snapshots schema; Snowflake: zero-copy clones; Spark/Delta: table versions and RESTORE).
// Run A, then a new batch and run B; rolling back to A gives exactly A's checksums, and the run
// after the rollback ends where B did. Also: a publish that fails part way leaves no table
// missing, and publishing again puts every new version in place.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { loadProject, type Project } from '../../src/config/project.js';
import { UsageError } from '../../src/errors/cpm-error.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { asideName, publishPlan } from '../../src/publish/publish-aside.js';
import { applyRetention } from '../../src/publish/retention.js';
import { rollbackTo } from '../../src/publish/rollback.js';
import { snapshotSchema } from '../../src/publish/snapshot-names.js';
import { tablesInScope } from '../../src/publish/snapshot-scope.js';
import { listSnapshots, readSnapshotRows } from '../../src/publish/snapshot-store.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { allEngines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';
import { type BatchedWorld, batchedWorld, snapshotDigests, writtenWhen } from '../publish/rollback-world.js';

let world: BatchedWorld;
before(async () => {
  // Small: a Spark statement costs about 0.3 s.
  world = await batchedWorld(200, 3);
});

const expectedMethod = { duckdb: 'copy', postgres: 'copy', databricks: 'delta_version', snowflake: 'clone' } as const;

/** A project without the metrics dictionary and quality rules: neither is part of the published
 * state a snapshot keeps, and on Spark their statements would triple the test's time. */
async function publishingProject(engine: (typeof allEngines)[number]): Promise<Project> {
  const project = makeProject({ warehouse: await engine.freshWarehouse() });
  for (const file of ['metrics_definitions.yaml', 'quality_rules.yaml']) rmSync(project.path(`config/${file}`), { force: true });
  return loadProject(project.root);
}

for (const engine of allEngines) {
  describe(`snapshots and rollback on ${engine.name}`, { skip: engine.skip }, () => {
    it('rolls back to run A with its checksums; the run after the rollback ends where run B did', async (t) => {
      const project = await publishingProject(engine);
      world.feed(project, 'A');
      const runA = await inRun(project, (ctx) => runPipeline(ctx));
      const a = runA.snapshot!.runId;
      assert.equal(runA.snapshot!.method, expectedMethod[engine.name]);
      const atA = await inRun(project, (ctx) => snapshotDigests(ctx.wh, a));
      for (const table of ['golden.constituents', 'golden.constituent_source_links', 'golden.match_audit', 'dimensions.dim_date', 'marts.gifts', 'identity.records', 'identity.clusters']) {
        assert.ok(table in atA, `the snapshot keeps ${table}`);
      }

      world.feed(project, 'B');
      const runB = await inRun(project, (ctx) => runPipeline(ctx));
      const b = runB.snapshot!.runId;
      const atB = await inRun(project, (ctx) => snapshotDigests(ctx.wh, b, [...writtenWhen, 'fingerprint']));
      const changed = await inRun(project, (ctx) => snapshotDigests(ctx.wh, a));
      assert.notDeepEqual(changed, atA, 'batch B changed the published tables');
      // A table A did not have: the rollback drops it.
      await inRun(project, (ctx) => ctx.wh.execute(ctx.wh.dialect.createTableAs(ctx.wh.dialect.table('marts', 'added_after_a'), 'SELECT 1 AS x', true)));

      const rolled = await inRun(project, (ctx) => rollbackTo(ctx, a));
      assert.deepEqual(rolled.dropped, ['marts.added_after_a']);
      assert.deepEqual(await inRun(project, (ctx) => snapshotDigests(ctx.wh, a)), atA, "every kept table has run A's checksum again");
      const scope = await inRun(project, (ctx) => tablesInScope(ctx.wh, project));
      assert.deepEqual(scope.map((s) => `${s.schema}.${s.name}`).sort(), Object.keys(atA).filter((k) => k !== 'meta.model_state').sort(), "exactly run A's tables");
      const logged = await inRun(project, (ctx) => ctx.wh.query(`SELECT actor, detail FROM ${ctx.wh.dialect.table('meta', 'audit_log')} WHERE action = 'rollback'`));
      assert.equal(logged.length, 1);
      assert.equal((JSON.parse(String(logged[0]!['detail'])) as { to: string }).to, a);

      const after = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(after.resolve && 'mode' in after.resolve ? after.resolve.mode : 'skipped', 'incremental', 'the run after the rollback resolves batch B again, incrementally');
      assert.deepEqual(await inRun(project, (ctx) => snapshotDigests(ctx.wh, b, [...writtenWhen, 'fingerprint'])), atB, 'the same state as after run B');

      // Retention: only the newest snapshot left; A is gone, with its copies or clones.
      const dropped = await inRun(project, (ctx) => applyRetention(ctx.wh, 1));
      assert.deepEqual(dropped.sort(), [a, b].sort());
      const left = await inRun(project, (ctx) => listSnapshots(ctx.wh));
      assert.deepEqual(left.map((s) => s.runId), [after.snapshot!.runId]);
      const kept = await inRun(project, async (ctx) => ({ tables: await ctx.wh.listTables(snapshotSchema), rows: await readSnapshotRows(ctx.wh, after.snapshot!.runId) }));
      assert.deepEqual(kept.tables.sort(), kept.rows.filter((r) => r.method === 'copy' || r.method === 'clone').map((r) => r.location.split('.')[1]!).sort(), 'no copy or clone of a dropped snapshot is left');
      await assert.rejects(
        inRun(project, (ctx) => rollbackTo(ctx, a)),
        (e: Error) => e instanceof UsageError && e.exitCode === 2 && e.message.includes(after.snapshot!.runId),
      );
      t.diagnostic(`${engine.name}: run A ${Object.keys(atA).length - 1} tables kept; seconds per step of run B: ${JSON.stringify(runB.seconds)}`);
    });

    it('a publish that fails part way leaves no table missing; publishing again puts every new version in place', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      await inRun(project, async ({ wh }) => {
        const d = wh.dialect;
        const tables = ['first', 'second', 'third'].map((name) => ({ schema: 'marts', name }));
        await wh.execute(d.createSchema('marts'));
        const build = async (version: string, only = tables) => {
          for (const t of only) await wh.execute(d.createTableAs(d.table('marts', asideName(t.name)), `SELECT ${d.stringLiteral(version)} AS v`, true));
        };
        await build('old');
        await publishPlan(wh, { tables });
        assert.deepEqual(await versions(wh, tables), ['old', 'old', 'old']);
        // The new "second" was never built: its swap fails after "first" (in order) was swapped.
        await build('new', [tables[0]!, tables[2]!]);
        await assert.rejects(publishPlan(wh, { tables }));
        const seen = await versions(wh, tables); // each table is there, old or new
        if (engine.name === 'snowflake') {
          // Snowflake commits each DDL statement on its own (first new, the rest old); the
          // emulator runs DDL inside the open transaction, which the failure rolls back.
          assert.ok(seen.every((v) => v === 'old' || v === 'new') && seen[1] === 'old' && seen[2] === 'old', seen.join());
        } else if (d.capabilities.supportsMultiTableTransactions) assert.deepEqual(seen, ['old', 'old', 'old'], 'one transaction: nothing changed');
        else assert.deepEqual(seen, ['new', 'old', 'old'], 'table by table: the first is new, none is missing');
        await build('new'); // the next run builds every table aside again
        await publishPlan(wh, { tables });
        assert.deepEqual(await versions(wh, tables), ['new', 'new', 'new']);
        assert.deepEqual((await wh.listTables('marts')).filter((n) => n.endsWith('__next')), [], 'nothing left beside');
      });
    });
  });
}

async function versions(wh: Warehouse, tables: { schema: string; name: string }[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) out.push(String((await wh.query(`SELECT v FROM ${wh.dialect.table(t.schema, t.name)}`))[0]?.['v']));
  return out;
}
