// Opens a project for a command, from its --project/--quiet flags.
import { loadProject, type Project } from '../config/project.js';
import { ensureMetaTables } from '../pipeline/meta-tables.js';
import type { RunContext } from '../pipeline/run-context.js';
import { withProjectRun } from '../pipeline/run-session.js';
import { openWarehouse } from '../warehouse/open.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { terminalProgress } from './progress.js';

export interface CommonOptions {
  project?: string;
  json?: boolean;
  quiet?: boolean;
  warehouse?: string;
  /** --wait SECONDS of commands that take the run lock. */
  wait?: number;
}

/** The project a command's --project and --warehouse flags name. */
export function projectFromOptions(options: CommonOptions, dir = options.project ?? process.cwd()): Project {
  return loadProject(dir, process.env, { warehouse: options.warehouse });
}

/** A command that records a run in meta.runs. */
export async function withRun<T>(options: CommonOptions, command: string, fn: (ctx: RunContext) => Promise<T>, project?: Project): Promise<T> {
  return withProjectRun(project ?? projectFromOptions(options), command, fn, {
    stderrLevel: options.quiet ? 'warn' : 'info',
    progress: terminalProgress(),
    waitSeconds: options.wait,
  });
}

/** A read-only command: project and warehouse, no run record. */
export async function withWarehouse<T>(options: CommonOptions, fn: (project: Project, wh: Warehouse) => Promise<T>): Promise<T> {
  const project = projectFromOptions(options);
  const wh = await openWarehouse(project);
  try {
    await ensureMetaTables(wh);
    return await fn(project, wh);
  } finally {
    await wh.close();
  }
}
