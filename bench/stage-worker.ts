// Runs one benchmark stage in its own process, so its peak memory (max RSS, which includes
// DuckDB's native memory) is that stage's alone. Prints one JSON line.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadProject } from '../src/config/project.js';
import { runResolve } from '../src/identity/resolve.js';
import { runIngest } from '../src/pipeline/ingest.js';
import { withProjectRun } from '../src/pipeline/run-session.js';
import { runStage } from '../src/pipeline/stage.js';
import { generateWorld } from '../src/synth/index.js';
import { baselineLoad } from './baseline.js';

const [stage, dir, ...rest] = process.argv.slice(2);
if (!stage || !dir) throw new Error('usage: stage-worker.ts STAGE DIR [ARGS]');

async function run(): Promise<{ rows: number; detail?: string }> {
  switch (stage) {
    case 'generate': {
      const [scale, days] = rest.map(Number);
      const r = await generateWorld({ scale: scale!, days: days!, outDir: join(dir!, 'world') });
      return { rows: r.files.reduce((n, f) => n + f.rows, 0) };
    }
    case 'baseline':
      return baselineLoad(join(dir!, 'baseline.duckdb'), join(dir!, 'project', 'data'));
    case 'ingest': {
      const project = loadProject(join(dir!, 'project'));
      const reports = await withProjectRun(project, 'bench-ingest', (ctx) => runIngest(ctx), { stderrLevel: 'warn' });
      return { rows: reports.reduce((n, r) => n + r.rows, 0) };
    }
    case 'stage': {
      const project = loadProject(join(dir!, 'project'));
      const results = await withProjectRun(project, 'bench-stage', (ctx) => runStage(ctx), { stderrLevel: 'warn' });
      return { rows: results.reduce((n, r) => n + r.rowsTotal, 0) };
    }
    case 'resolve': {
      const project = loadProject(join(dir!, 'project'));
      // The first resolution is a full one; later ones resolve what the new batches changed.
      const r = await withProjectRun(project, 'bench-resolve', (ctx) => runResolve(ctx), { stderrLevel: 'warn' });
      if (r.skipped) throw new Error('resolve skipped');
      const stages = Object.entries(r.seconds).map(([k, v]) => `${k} ${v.toFixed(1)}s`);
      const changed = r.mode === 'incremental' ? `${r.changedRecords} changed, ${r.touchedRecords} touched, ` : '';
      return { rows: r.records, detail: `${r.mode}: ${changed}${r.pairs.scored} pairs scored, ${r.golden.constituents} constituents; ${stages.join(', ')}` };
    }
    case 'copy': {
      // Copies export files whose name matches a pattern from the world into the project.
      const [pattern] = rest;
      const world = join(dir!, 'world');
      let n = 0;
      for (const f of readdirSync(world, { recursive: true, withFileTypes: true })) {
        if (!f.isFile() || !new RegExp(pattern!).test(f.name)) continue;
        const from = join(f.parentPath, f.name);
        const to = join(dir!, 'project', 'data', relative(world, from));
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(from, to);
        n++;
      }
      return { rows: n };
    }
    default:
      throw new Error(`unknown stage ${stage}`);
  }
}

const started = performance.now();
const result = await run();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ stage, seconds, ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
