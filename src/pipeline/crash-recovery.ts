// What a run does first, holding the run lock: any run still marked 'running' cannot be running
// (the lock says no other run is), so its process died (SIGKILL, out of memory, power loss). It
// is marked 'interrupted', with a warning. Its half-done work needs no separate repair: every
// step of the pipeline is written to finish or redo a crashed attempt (batches.ts, materialize.ts,
// resolve.ts, docs/crash-safety.md), so the run that follows brings the warehouse to the state
// an uninterrupted run would have left.
import type { Logger } from '../log/logger.js';
import { readSnapshotRows } from '../publish/snapshot-store.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';
import { nowText, type RunContext } from './run-context.js';

export async function markInterruptedRuns(wh: Warehouse, log: Logger, byRun: string): Promise<string[]> {
  const d = wh.dialect;
  const runs = qualified(d, 'meta.runs');
  const rows = await wh.query(`SELECT run_id, command, ${d.timestampToText('started_at')} AS started_at FROM ${runs} WHERE status = 'running' ORDER BY started_at, run_id`);
  if (!rows.length) return [];
  const error = `interrupted: the process ended before the run finished (killed or crashed); found by run ${byRun}`;
  await wh.execute(
    `UPDATE ${runs} SET status = 'interrupted', finished_at = ${d.stringLiteral(nowText())}, error = ${d.stringLiteral(error)} WHERE status = 'running'`,
  );
  for (const r of rows) log.warn(`run ${r['run_id']} (\`cpm ${r['command']}\`, started ${r['started_at']}) did not finish: marked interrupted; this run completes or redoes what it left`);
  return rows.map((r) => String(r['run_id']));
}

/**
 * Whether the published state lacks its snapshot: a run killed while it kept the snapshot had
 * already saved the derived state, so the run after it finds marts and metrics up to date and
 * would take none. True when snapshots are kept and the newest complete snapshot (its meta.snapshots
 * rows land in one statement) was not taken of this derived state. The snapshot the next
 * takeSnapshot keeps also sweeps the copies the killed run left (publish/retention.ts).
 */
export async function publishedStateUnsnapshotted(ctx: RunContext, derivedFingerprint: string): Promise<boolean> {
  if (ctx.project.config.snapshots.keep === 0) return false;
  const kept = (await readSnapshotRows(ctx.wh)).find((r) => r.method === 'rows' && r.table === 'meta.model_state');
  if (!kept) return true;
  try {
    const state = JSON.parse(kept.location) as Array<{ model: string; fingerprint: string | null }>;
    return state.find((s) => s.model === 'pipeline.derived')?.fingerprint !== derivedFingerprint;
  } catch {
    return true;
  }
}
