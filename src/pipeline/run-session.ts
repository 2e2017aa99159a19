// Runs a function as one recorded run: take the project's run lock, open the warehouse, record
// the run in meta.runs, close the warehouse and free the lock whatever happens. The CLI and
// tests both go through here.
import { join } from 'node:path';
import type { Project } from '../config/project.js';
import { createLogger, type Level } from '../log/logger.js';
import { markInterruptedRuns } from './crash-recovery.js';
import { ensureMetaTables } from './meta-tables.js';
import type { ProgressFn, RunContext } from './run-context.js';
import { withRunLock } from './run-lock.js';
import { finishRun, newRunId, startRun } from './run-log.js';

export interface RunSessionOptions {
  stderrLevel?: Level | 'silent';
  progress?: ProgressFn;
  /** Seconds to wait for another run holding the project (default $CPM_LOCK_WAIT, else 0). */
  waitSeconds?: number;
}

export async function withProjectRun<T>(project: Project, command: string, fn: (ctx: RunContext) => Promise<T>, options: RunSessionOptions = {}): Promise<T> {
  const runId = newRunId();
  const log = createLogger({ file: join(project.logsDir, 'cpm.log'), stderrLevel: options.stderrLevel ?? 'info', base: { run_id: runId } });
  // One run at a time: the lock is held until the warehouse is closed (run-lock.ts).
  return withRunLock(project, { runId, command, waitSeconds: options.waitSeconds, log }, async (wh) => {
    await ensureMetaTables(wh);
    await markInterruptedRuns(wh, log, runId);
    await startRun(wh, runId, command);
    log.debug(`run ${runId}: ${command}`, { warehouse: wh.location });
    const ctx: RunContext = { project, wh, runId, log, progress: options.progress ?? (() => {}) };
    try {
      const result = await fn(ctx);
      await finishRun(wh, runId, 'succeeded');
      return result;
    } catch (error) {
      await finishRun(wh, runId, 'failed', error instanceof Error ? error.message : String(error)).catch(() => {});
      throw error;
    }
  });
}
