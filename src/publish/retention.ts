// Keeps the newest `keep` snapshots and drops the rest. The rows go first (one DELETE), then the
// copies and clones they pointed at, so a crash in between leaves only unlisted tables in the
// snapshots schema, which the next sweep drops. Delta versions hold nothing to drop: the old
// files go when VACUUM runs (docs/snapshots.md).
import type { Warehouse } from '../warehouse/warehouse.js';
import { snapshotSchema } from './snapshot-names.js';
import { deleteSnapshotRows, readSnapshotRows, type SnapshotRow } from './snapshot-store.js';

/** Drops every snapshot but the newest `keep`; returns the run ids dropped. */
export async function applyRetention(wh: Warehouse, keep: number): Promise<string[]> {
  const rows = await readSnapshotRows(wh);
  const runs = [...new Set(rows.map((r) => r.runId))]; // newest first
  const dropped = runs.slice(keep);
  await deleteSnapshotRows(wh, dropped);
  await sweep(wh, rows.filter((r) => !dropped.includes(r.runId)));
  return dropped;
}

/** Drops the tables of the snapshots schema that no remaining snapshot points at. */
async function sweep(wh: Warehouse, remaining: SnapshotRow[]): Promise<void> {
  const d = wh.dialect;
  const listed = new Set(remaining.filter((r) => r.method === 'copy' || r.method === 'clone').map((r) => r.location.toLowerCase()));
  for (const name of await wh.listTables(snapshotSchema)) {
    if (!listed.has(`${snapshotSchema}.${name}`.toLowerCase())) await wh.execute(d.dropTable(d.table(snapshotSchema, name)));
  }
}
