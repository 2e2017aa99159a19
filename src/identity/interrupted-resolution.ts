// A resolution killed part way (crash safety, docs/crash-safety.md). Incremental resolution changes
// identity.records, candidate_pairs, clusters and assignments in place, and stable IDs append to
// golden.constituent_id_history, all before the golden publish; a run killed in between leaves
// identity tables that are neither the old state nor the new, and history rows of changes that
// were never published. So a resolution marks itself pending (in its meta.model_state row) before
// it changes anything, and the next resolution that finds the mark:
//  1. removes the interrupted run's id-history rows unless its publish went through: a publish
//     makes the links equal identity.assignments, which that run had written before its history
//     rows (stable-ids.ts), so links that differ mean it never published;
//  2. drops the scratch tables and aside views incremental resolution keeps between its steps; and
//  3. resolves in full, which rebuilds identity.* from staging and keeps the stable IDs of the
//     published links: what the interrupted run would have published (full and incremental
//     resolution agree; test/identity/incremental.test.ts).
// saveResolveState rewrites the row without the mark, so finishing clears it in one statement.
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { dropStepFiveLeftovers } from './incremental.js';
import { assignmentsTable, idHistoryTable, linksTable } from './stable-ids.js';

const stateKey = 'identity.resolve';
/** Tables incremental resolution creates and drops within a run (normalize, block, cluster). */
const incrementalScratch = ['records_delta', 'candidate_pairs_delta', 'clusters_delta'];

/** The run id of a resolution that started and never finished, if any. */
export async function interruptedResolution(wh: Warehouse): Promise<string | null> {
  const d = wh.dialect;
  const [row] = await wh.query(`SELECT fingerprint FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(stateKey)}`);
  try {
    const pending = (JSON.parse(String(row?.['fingerprint'] ?? '{}')) as { pending?: unknown }).pending;
    return typeof pending === 'string' ? pending : null;
  } catch {
    return null;
  }
}

/** Marks this run's resolution as started: one statement, keeping the last finished state. */
export async function markResolutionPending(wh: Warehouse, runId: string): Promise<void> {
  const d = wh.dialect;
  const [row] = await wh.query(
    `SELECT last_batch_id, ${d.timestampToText('updated_at')} AS updated_at, fingerprint FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(stateKey)}`,
  );
  let saved: Record<string, unknown> = {};
  try {
    saved = JSON.parse(String(row?.['fingerprint'] ?? '{}')) as Record<string, unknown>;
  } catch {
    // written by an older version: the next run resolves in full anyway
  }
  const at = row?.['updated_at'];
  const source =
    `SELECT ${d.stringLiteral(stateKey)} AS model, CAST(${row?.['last_batch_id'] ?? 'NULL'} AS ${d.type('bigint')}) AS last_batch_id, ` +
    `CAST(${typeof at === 'string' ? d.stringLiteral(at) : 'NULL'} AS ${d.type('timestamp')}) AS updated_at, ${d.stringLiteral(JSON.stringify({ ...saved, pending: runId }))} AS fingerprint`;
  await wh.execute(d.merge({ target: qualified(d, 'meta.model_state'), source, keys: ['model'], columns: ['model', 'last_batch_id', 'updated_at', 'fingerprint'] }));
}

/** Steps 1 and 2 above; returns whether the interrupted run's publish had gone through. */
export async function cleanUpInterruptedResolution(wh: Warehouse, runId: string): Promise<{ published: boolean }> {
  const d = wh.dialect;
  const published = await linksMatchAssignments(wh);
  if (!published && (await wh.tableExists({ schema: 'golden', name: 'constituent_id_history' }))) {
    await wh.execute(`DELETE FROM ${qualified(d, idHistoryTable)} WHERE run_id = ${d.stringLiteral(runId)}`);
  }
  for (const t of incrementalScratch) await wh.execute(d.dropTable(d.table('identity', t)));
  await dropStepFiveLeftovers(wh);
  return { published };
}

async function linksMatchAssignments(wh: Warehouse): Promise<boolean> {
  const d = wh.dialect;
  const exists = (name: string) => wh.tableExists({ schema: name.split('.')[0]!, name: name.split('.')[1]! });
  if (!(await exists(linksTable)) || !(await exists(assignmentsTable))) return false;
  const missing = (from: string, to: string) =>
    `SELECT COUNT(*) AS n FROM ${qualified(d, from)} AS x LEFT JOIN ${qualified(d, to)} AS y ` +
    `ON y.source_system = x.source_system AND y.source_record_id = x.source_record_id AND y.constituent_id = x.constituent_id WHERE y.constituent_id IS NULL`;
  for (const [from, to] of [
    [assignmentsTable, linksTable],
    [linksTable, assignmentsTable],
  ] as const) {
    const [row] = await wh.query(missing(from, to));
    if (Number(row?.['n'] ?? 0) > 0) return false;
  }
  return true;
}
