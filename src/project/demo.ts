// `cpm demo`: a project, the synthetic world and the whole pipeline on the embedded DuckDB file.
// Safe to re-run: the project and data are reused when they match, and the pipeline is
// incremental, so a second run lands nothing new and changes no table.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProject } from '../config/project.js';
import type { RunContext } from '../pipeline/run-context.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { summarize, type RunSummary } from '../pipeline/summary.js';
import { generateWorld } from '../synth/index.js';
import { initProject } from './init.js';

export interface DemoOptions {
  dir: string;
  scale: number;
  seed?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface DemoResult {
  dir: string;
  generated: boolean;
  summary: RunSummary;
  seconds: number;
}

type RunIn = <T>(dir: string, fn: (ctx: RunContext) => Promise<T>) => Promise<T>;

/** True when the data directory already holds this exact world. */
function worldMatches(dataDir: string, scale: number, seed: number): boolean {
  const manifest = join(dataDir, '_manifest.json');
  if (!existsSync(manifest)) return false;
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { options?: { scale?: number; seed?: number } };
    return m.options?.scale === scale && m.options?.seed === seed;
  } catch {
    return false;
  }
}

export async function runDemo(options: DemoOptions, runIn: RunIn): Promise<DemoResult> {
  const started = performance.now();
  const dir = resolve(options.dir);
  const seed = options.seed ?? 42;
  if (!existsSync(join(dir, 'cpm.yaml'))) initProject(dir);
  const project = loadProject(dir);
  let generated = false;
  if (!worldMatches(project.dataDir, options.scale, seed)) {
    // Another world's files would mix with this one's: start the demo over.
    rmSync(project.dataDir, { recursive: true, force: true });
    rmSync(project.path(project.config.warehouse.type === 'duckdb' ? project.config.warehouse.path : 'warehouse'), { force: true, recursive: true });
    await generateWorld({ scale: options.scale, seed, outDir: project.dataDir, onProgress: options.onProgress });
    generated = true;
  }
  const summary = await runIn(dir, async (ctx) => summarize(ctx.wh, await runPipeline(ctx)));
  return { dir, generated, summary, seconds: (performance.now() - started) / 1000 };
}
