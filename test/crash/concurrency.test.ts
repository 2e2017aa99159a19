// Two runs at once, with real processes: the second refuses, naming the holder, or waits with
// --wait and then runs; the warehouse ends as after one run. A holder killed with SIGKILL leaves
// its lock file behind, and the next run takes it over. On PostgreSQL, a run from another project
// folder on the same database is kept out by the advisory lock. A run is held in place by the
// pause hook of src/pipeline/fault-injection.ts, so nothing here depends on timing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { runLockPath } from '../../src/pipeline/run-lock-file.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import { engines } from '../support/engines.js';
import { tempDir } from '../support/project.js';
import { runCpm, startCpm, type CliProcess } from './cli-process.js';
import { crashProject, makeCrashWorld, type CrashWorld } from './crash-world.js';
import { diffStates, describeDivergences, warehouseState } from './warehouse-state.js';

let world: CrashWorld;
before(async () => {
  world = await makeCrashWorld(200, 5);
});

/** `cpm run` held before its 300th statement (mid-ingest) until release() is called. */
function heldRun(project: Project): { run: CliProcess; release: () => void; runId: () => string } {
  const resume = join(tempDir('cpm-resume-'), 'go');
  const trace = join(project.root, 'held-trace.tsv');
  const run = startCpm(['run', '--project', project.root, '--quiet'], { CPM_FAULT_PAUSE_AT: 'statement:300', CPM_FAULT_RESUME_FILE: resume, CPM_FAULT_TRACE: trace });
  return {
    run,
    release: () => writeFileSync(resume, ''),
    runId: () => (JSON.parse(readFileSync(runLockPath(project.root), 'utf8')) as { runId: string }).runId,
  };
}

async function paused(project: Project): Promise<void> {
  const trace = join(project.root, 'held-trace.tsv');
  for (let i = 0; i < 1200 && !(existsSync(trace) && readFileSync(trace, 'utf8').includes('PAUSE')); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(readFileSync(trace, 'utf8').includes('PAUSE'), 'the first run reached its pause point');
}

async function state(project: Project) {
  const wh = await openWarehouse(project);
  try {
    return await warehouseState(wh);
  } finally {
    await wh.close();
  }
}

const run = (project: Project, ...extra: string[]) => runCpm(['run', '--project', project.root, '--quiet', ...extra]);

for (const engine of engines) {
  describe(`two runs at once on ${engine.name}`, { skip: engine.skip }, () => {
    it('refuses a second run naming the holder, waits with --wait, and ends as one run would', async () => {
      const project = crashProject(await engine.freshWarehouse(), world.initial);
      const first = heldRun(project);
      await paused(project);
      const holder = first.runId();

      const refused = await run(project);
      assert.equal(refused.code, 3, refused.stderr);
      assert.match(refused.stderr, new RegExp(`another cpm run is working on this project: \`cpm run\`, run ${holder}, pid ${first.run.pid} on \\S+, started \\d{4}-`));
      assert.match(refused.stderr, /hint: wait for it to finish, or pass --wait SECONDS/);

      // Read-only commands take no lock. PostgreSQL serves them during a run; DuckDB lets one
      // process open its file, and says which run has it.
      const status = await runCpm(['status', '--project', project.root, '--json']);
      if (engine.name === 'duckdb') {
        assert.equal(status.code, 3, status.stderr);
        assert.match(status.stderr, new RegExp(`is open in another process \\(\`cpm run\`, run ${holder}, pid ${first.run.pid}`));
      } else assert.equal(status.code, 0, status.stderr);

      const waiting = startCpm(['run', '--project', project.root, '--wait', '300']);
      await waiting.stderrMatches(/waiting up to 300 s for another run to finish/);
      first.release();
      assert.equal((await first.run.exit).code, 0);
      const waited = await waiting.exit;
      assert.equal(waited.code, 0, waited.stderr);
      assert.match(waited.stderr, /no new rows: every export was already loaded/);
      assert.ok(!existsSync(runLockPath(project.root)), 'the lock file is gone after the runs');

      const reference = crashProject(await engine.freshWarehouse(), world.initial);
      assert.equal((await run(reference)).code, 0);
      const divergences = diffStates(await state(reference), await state(project));
      assert.equal(describeDivergences(divergences), '', 'two runs at once leave the warehouse one run leaves');
    });

    it('takes over the lock of a run killed with SIGKILL, with a warning', async () => {
      const project = crashProject(await engine.freshWarehouse(), world.initial);
      const killed = await runCpm(['run', '--project', project.root, '--quiet'], { CPM_FAULT_KILL_AT: 'statement:250' });
      assert.equal(killed.signal, 'SIGKILL');
      const left = JSON.parse(readFileSync(runLockPath(project.root), 'utf8')) as { runId: string; pid: number };
      const next = await run(project);
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, new RegExp(`took over the run lock of a run that is no longer running \\(\`cpm run\`, run ${left.runId}, pid ${left.pid}`));
      assert.match(next.stderr, new RegExp(`run ${left.runId} \\(\`cpm run\`, started [^)]+\\) did not finish: marked interrupted`));
      const wh = await openWarehouse(project);
      try {
        const runs = await wh.query(`SELECT run_id, status FROM ${wh.dialect.table('meta', 'runs')} ORDER BY started_at`);
        assert.deepEqual(runs.map((r) => r['status']), ['interrupted', 'succeeded']);
        assert.equal(runs[0]?.['run_id'], left.runId);
      } finally {
        await wh.close();
      }
    });

    if (engine.name === 'postgres') {
      it('keeps out a run from another project folder on the same database (advisory lock)', async () => {
        const warehouse = await engine.freshWarehouse();
        const project = crashProject(warehouse, world.initial);
        const other = crashProject(warehouse, world.initial);
        const first = heldRun(project);
        await paused(project);
        const refused = await run(other);
        assert.equal(refused.code, 3, refused.stderr);
        assert.match(refused.stderr, new RegExp(`another cpm run is working on this project: cpm ${first.runId()} pid ${first.run.pid} on \\S+ \\(warehouse session from`));
        first.release();
        assert.equal((await first.run.exit).code, 0);
        assert.equal((await run(other)).code, 0, 'free once the first run has ended');
      });
    }
  });
}
