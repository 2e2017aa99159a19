// Kill -9 at many points of `cpm run`, then run again: the warehouse must equal the one an
// uninterrupted run leaves (every table of every schema, rows compared as multisets; the few
// columns that record wall-clock time or the run id are compared as set/NULL, see
// warehouse-state.ts). Two scenarios on each engine: the initial load, and a daily batch
// (`cpm generate --days 1`) after it. The CLI runs as a real child process and kills itself
// with SIGKILL at a statement chosen from the trace of an uninterrupted run
// (src/pipeline/fault-injection.ts). CPM_CRASH_POINTS=REGEX runs only the points it matches.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { runLockPath } from '../../src/pipeline/run-lock-file.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import { engines } from '../support/engines.js';
import { runCpm } from './cli-process.js';
import { cloneProject, crashProject, makeCrashWorld, type CrashWorld } from './crash-world.js';
import { chooseKillPoints, type KillPoint, parseTrace, parts } from './kill-points.js';
import { describeDivergences, diffStates, warehouseState, type WarehouseState } from './warehouse-state.js';

const scale = 300;
const seed = 11;
const only = process.env['CPM_CRASH_POINTS'] ? new RegExp(process.env['CPM_CRASH_POINTS']) : undefined;

let world: CrashWorld;
before(async () => {
  world = await makeCrashWorld(scale, seed);
});

async function stateOf(project: Project): Promise<{ state: WarehouseState; running: number }> {
  const wh = await openWarehouse(project);
  try {
    const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${wh.dialect.table('meta', 'runs')} WHERE status = 'running'`);
    return { state: await warehouseState(wh), running: Number(row?.['n'] ?? 0) };
  } finally {
    await wh.close();
  }
}

const run = (project: Project, env: NodeJS.ProcessEnv = {}) => runCpm(['run', '--project', project.root, '--quiet'], env);

/** An uninterrupted run, traced: its kill points and the state to compare with. */
async function reference(project: Project): Promise<{ trace: string; state: WarehouseState }> {
  const trace = join(project.root, 'trace.tsv');
  const r = await run(project, { CPM_FAULT_TRACE: trace });
  assert.equal(r.code, 0, r.stderr);
  return { trace: readFileSync(trace, 'utf8'), state: (await stateOf(project)).state };
}

interface Outcome {
  point: KillPoint;
  divergences: string;
  seconds: number;
}

async function killAndRerun(t: TestContext, project: Project, point: KillPoint, expected: WarehouseState): Promise<Outcome> {
  const started = performance.now();
  const killed = await run(project, { CPM_FAULT_KILL_AT: point.spec });
  assert.equal(killed.signal, 'SIGKILL', `${point.name}: the run was to be killed there, but it ended with code ${killed.code}\n${killed.stderr}`);
  const rerun = await run(project);
  assert.equal(rerun.code, 0, `${point.name}: the run after the kill failed:\n${rerun.stderr}`);
  const after = await stateOf(project);
  assert.equal(after.running, 0, `${point.name}: a run is still marked 'running'`);
  assert.ok(!existsSync(runLockPath(project.root)), `${point.name}: the run lock file was left behind`);
  const divergences = describeDivergences(diffStates(expected, after.state));
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`${divergences ? 'DIVERGED' : 'ok'}  ${point.spec.padEnd(24)} ${point.name} (${seconds.toFixed(1)} s)${divergences ? `\n  ${divergences.replaceAll('\n', '\n  ')}` : ''}`);
  return { point, divergences, seconds };
}

for (const engine of engines) {
  describe(`SIGKILL during cpm run on ${engine.name}`, { skip: engine.skip }, () => {
    it('after a kill at any point, the next run leaves the warehouse an uninterrupted run leaves', async (t) => {
      const started = performance.now();
      const initialRef = crashProject(await engine.freshWarehouse(), world.initial);
      const initial = await reference(initialRef);
      const dailyRef = await cloneProject(initialRef, world.daily);
      const daily = await reference(dailyRef);

      const p = parts;
      const initialParts = [p.sessionStart, p.landing, p.afterLanding, p.stage, p.quality, p.normalize, p.score, p.cluster, p.stableIds, p.golden, p.marts, p.publish, p.metrics, p.snapshot];
      const initialPoints = chooseKillPoints(parseTrace(initial.trace), initialParts, { runEnd: true });
      // Incremental resolution changes identity tables in place: more points there (it assigns
      // stable IDs inside its golden step).
      const dailyParts = [p.landing, { ...p.stage, count: 1 }, { ...p.normalize, count: 2 }, p.score, p.cluster, p.golden, p.publish, p.metrics];
      const dailyPoints = chooseKillPoints(parseTrace(daily.trace), dailyParts, { runEnd: false });
      const outcomes: Outcome[] = [];
      for (const point of initialPoints) {
        const named = { ...point, name: `initial load: ${point.name}` };
        if (only && !only.test(named.name)) continue;
        outcomes.push(await killAndRerun(t, crashProject(await engine.freshWarehouse(), world.initial), named, initial.state));
      }
      for (const point of dailyPoints) {
        const named = { ...point, name: `daily batch: ${point.name}` };
        if (only && !only.test(named.name)) continue;
        outcomes.push(await killAndRerun(t, await cloneProject(initialRef, world.daily), named, daily.state));
      }
      const diverged = outcomes.filter((o) => o.divergences);
      t.diagnostic(`${engine.name}: ${outcomes.length} kill points, ${diverged.length} divergence(s), ${((performance.now() - started) / 1000).toFixed(0)} s`);
      if (!only) assert.ok(outcomes.length >= 20, `only ${outcomes.length} kill points`);
      assert.deepEqual(
        diverged.map((o) => `${o.point.spec} ${o.point.name}\n${o.divergences}`),
        [],
        'the warehouse after kill and rerun differs from the uninterrupted run',
      );
    });
  });
}
