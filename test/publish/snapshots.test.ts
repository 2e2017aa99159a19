// Snapshots through the CLI on DuckDB and PostgreSQL: cpm.yaml's snapshots.keep, `cpm snapshots`,
// `cpm rollback` (exit 2 and the list for an unknown run), keep: 0; and marts built aside: a
// build that fails leaves the published marts and lifecycle stages as they were, and in `cpm run`
// the golden tables too (golden, dimensions and marts are published as one).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { Project } from '../../src/config/project.js';
import { loadProject } from '../../src/config/project.js';
import { runMarts } from '../../src/marts/run-marts.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { keptTable, snapshotSchema } from '../../src/publish/snapshot-names.js';
import type { SnapshotSummary } from '../../src/publish/snapshot-store.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { layerDigests } from '../support/digest.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';
import { cpm } from '../support/run-cli.js';
import { type BatchedWorld, batchedWorld } from './rollback-world.js';

let world: BatchedWorld;
before(async () => {
  world = await batchedWorld(300, 1);
});

function withKeep(project: Project, keep: number): Project {
  const file = join(project.root, 'cpm.yaml');
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), snapshots: { keep } }));
  return loadProject(project.root);
}

const listed = (project: Project) => (JSON.parse(cpm(['snapshots', '--project', project.root, '--json']).stdout) as { snapshots: SnapshotSummary[] }).snapshots;

describe('snapshot names', () => {
  it('fit in a PostgreSQL identifier, tell runs and tables apart, and stay readable', () => {
    const run = '20260630T120000-abc123';
    const short = keptTable(run, { schema: 'golden', name: 'constituents' });
    assert.deepEqual(short, { schema: snapshotSchema, name: '20260630t120000abc123__golden__constituents' });
    const long = keptTable(run, { schema: 'marts', name: 'membership_sustainer_conversions_by_fiscal_year_and_channel' });
    assert.ok(long.name.length <= 63, long.name);
    assert.notEqual(long.name, keptTable(run, { schema: 'marts', name: 'membership_sustainer_conversions_by_fiscal_year_and_channel2' }).name);
    assert.notEqual(short.name, keptTable('20260630T120000-abc124', { schema: 'golden', name: 'constituents' }).name);
  });
});

for (const engine of engines) {
  describe(`snapshots on ${engine.name}`, { skip: engine.skip }, () => {
    it('keeps the newest snapshots.keep; rollback restores one, and names the kept ones for an unknown run', async () => {
      const project = withKeep(makeProject({ warehouse: await engine.freshWarehouse() }), 2);
      world.feed(project, 'A');
      const first = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(first.snapshot?.tables, listed(project)[0]?.tables);
      for (const asOf of ['2026-05-31', '2026-06-15']) {
        const r = cpm(['marts', '--project', project.root, '--as-of', asOf, '--quiet']);
        assert.equal(r.code, 0, r.stderr);
      }
      const kept = listed(project);
      assert.equal(kept.length, 2);
      assert.ok(!kept.some((s) => s.runId === first.snapshot!.runId), 'the oldest was dropped');
      assert.ok(kept.every((s) => s.command === 'marts' && s.method === 'copy' && s.rows > 0));
      const copies = await inRun(project, (ctx) => ctx.wh.listTables(snapshotSchema));
      assert.equal(copies.length, kept.length * kept[0]!.tables, 'only the copies of kept snapshots remain');

      const unknown = cpm(['rollback', '--project', project.root, '--to', first.snapshot!.runId]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, new RegExp(`no snapshot of run "${first.snapshot!.runId}"`));
      for (const s of kept) assert.ok(unknown.stderr.includes(s.runId), `lists ${s.runId}`);

      const target = kept[1]!.runId; // the marts as of 2026-05-31
      const rolled = cpm(['rollback', '--project', project.root, '--to', target, '--json']);
      assert.equal(rolled.code, 0, rolled.stderr);
      assert.equal((JSON.parse(rolled.stdout) as { to: string }).to, target);
      const dates = await inRun(project, (ctx) => ctx.wh.query(`SELECT DISTINCT as_of_date FROM ${ctx.wh.dialect.table('marts', 'constituent_profile')}`));
      assert.deepEqual(dates, [{ as_of_date: '2026-05-31' }], 'the marts as of the run rolled back to');
      const runs = await inRun(project, (ctx) => ctx.wh.query(`SELECT status FROM ${ctx.wh.dialect.table('meta', 'runs')} WHERE command = 'rollback' ORDER BY status`));
      assert.deepEqual(runs, [{ status: 'failed' }, { status: 'succeeded' }], 'both rollbacks are recorded runs');
    });

    it('snapshots.keep: 0 keeps none', async () => {
      const project = withKeep(makeProject({ warehouse: await engine.freshWarehouse() }), 0);
      world.feed(project, 'A');
      const run = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(run.snapshot, undefined);
      assert.deepEqual(listed(project), []);
    });

    it('a mart build that fails leaves every published mart and lifecycle stage as it was', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      world.feed(project, 'A');
      await inRun(project, (ctx) => runPipeline(ctx));
      const before = await inRun(project, (ctx) => layerDigests(ctx.wh, ['dimensions', 'marts', 'golden']));
      // A real engine whose statement building one late mart fails, as a full disk would.
      await assert.rejects(
        inRun(project, (ctx) => runMarts({ ...ctx, wh: failing(ctx.wh, /marketing_campaign_performance__next/) }, { asOf: '2026-01-31' })),
        /injected failure/,
      );
      assert.deepEqual(await inRun(project, (ctx) => layerDigests(ctx.wh, ['dimensions', 'marts', 'golden'])).then(published), published(before));
      const marts = await inRun(project, (ctx) => runMarts(ctx, { asOf: '2026-01-31' }));
      assert.ok(marts.models.length > 10);
      assert.deepEqual((await inRun(project, (ctx) => ctx.wh.listTables('marts'))).filter((t) => t.endsWith('__next')), [], 'the next build publishes and leaves nothing beside');
    });

    it('cpm run publishes golden with the marts: a mart build that fails leaves golden as it was too', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      world.feed(project, 'A');
      await inRun(project, (ctx) => runPipeline(ctx));
      const before = await inRun(project, (ctx) => layerDigests(ctx.wh, ['dimensions', 'marts', 'golden']));
      world.feed(project, 'B');
      await assert.rejects(
        inRun(project, (ctx) => runPipeline({ ...ctx, wh: failing(ctx.wh, /marketing_campaign_performance__next/) })),
        /injected failure/,
      );
      // golden.engagement_events is a view of staging's events (published by the stage step) through the links.
      const tables = (digests: Record<string, string>) => Object.fromEntries(Object.entries(published(digests)).filter(([t]) => t !== 'golden.engagement_events'));
      assert.deepEqual(await inRun(project, (ctx) => layerDigests(ctx.wh, ['dimensions', 'marts', 'golden'])).then(tables), tables(before), 'golden resolved the new batch but was not published without its marts');
      const next = await inRun(project, (ctx) => runPipeline(ctx));
      assert.ok(next.resolve && !next.resolve.skipped && next.marts, 'the next run resolves and publishes both');
      const after = await inRun(project, (ctx) => layerDigests(ctx.wh, ['dimensions', 'marts', 'golden']));
      assert.notEqual(after['golden.constituents'], before['golden.constituents'], 'the new batch is published');
      assert.deepEqual(Object.keys(after).filter((t) => t.endsWith('__next')), [], 'nothing left beside');
    });
  });
}

/** Digests of the published tables (the aside copies a failed build leaves are not published). */
function published(digests: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(digests).filter(([t]) => !t.endsWith('__next')));
}

function failing(wh: Warehouse, statement: RegExp): Warehouse {
  return new Proxy(wh, {
    get(target, prop, receiver) {
      if (prop === 'execute') return async (sql: string) => (statement.test(sql) ? Promise.reject(new Error('injected failure')) : target.execute(sql));
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
