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
}

/** A command that records a run in meta.runs. */
export async function withRun<T>(options: CommonOptions, command: string, fn: (ctx: RunContext) => Promise<T>, project?: Project): Promise<T> {
  return withProjectRun(project ?? loadProject(options.project ?? process.cwd()), command, fn, {
    stderrLevel: options.quiet ? 'warn' : 'info',
    progress: terminalProgress(),
  });
}

/** A read-only command: project and warehouse, no run record. */
export async function withWarehouse<T>(options: CommonOptions, fn: (project: Project, wh: Warehouse) => Promise<T>): Promise<T> {
  const project = loadProject(options.project ?? process.cwd());
  const wh = await openWarehouse(project);
  try {
    await ensureMetaTables(wh);
    return await fn(project, wh);
  } finally {
    await wh.close();
  }
}
