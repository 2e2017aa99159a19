// meta.snapshots: one row per kept table of each snapshot. A snapshot's rows are written in one
// INSERT after every table is kept, so a snapshot listed here is complete.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** copy: a table copied into the snapshots schema (DuckDB, PostgreSQL); clone: a zero-copy
 * clone there (Snowflake); delta_version: the table's Delta version (Spark/Databricks); rows:
 * rows of meta.model_state as JSON. */
export type SnapshotMethod = 'copy' | 'clone' | 'delta_version' | 'rows';

export interface SnapshotRow {
  runId: string;
  /** schema.table */
  table: string;
  method: SnapshotMethod;
  location: string;
  rowCount: number | null;
  bytes: number | null;
  createdAt: string;
}

const table = 'meta.snapshots';
const columns = ['run_id', 'table_name', 'method', 'location', 'row_count', 'bytes', 'created_at'];

/** The INSERT of a snapshot's rows: one statement, so they land together or not at all. */
export function snapshotRowsInsert(d: Dialect, rows: SnapshotRow[]): string {
  const values = rows.map((r) => `(${[r.runId, r.table, r.method, r.location, r.rowCount, r.bytes].map((v) => d.literal(v)).join(', ')}, ${timestampLiteral(d, r.createdAt)})`);
  return `INSERT INTO ${qualified(d, table)} (${columns.map((c) => d.quoteIdent(c)).join(', ')}) VALUES ${values.join(', ')}`;
}

/** Rows of one run's snapshot, or of every snapshot; newest snapshot first, tables by name. */
export async function readSnapshotRows(wh: Warehouse, runId?: string): Promise<SnapshotRow[]> {
  const d = wh.dialect;
  const where = runId === undefined ? '' : ` WHERE run_id = ${d.stringLiteral(runId)}`;
  const rows = await wh.query(
    `SELECT run_id, table_name, method, location, row_count, bytes, ${d.timestampToText('created_at')} AS created_at FROM ${qualified(d, table)}${where} ORDER BY created_at DESC, run_id DESC, table_name`,
  );
  return rows.map((r) => ({
    runId: String(r['run_id']),
    table: String(r['table_name']),
    method: String(r['method']) as SnapshotMethod,
    location: String(r['location']),
    rowCount: r['row_count'] === null ? null : Number(r['row_count']),
    bytes: r['bytes'] === null ? null : Number(r['bytes']),
    createdAt: String(r['created_at']),
  }));
}

export async function deleteSnapshotRows(wh: Warehouse, runIds: string[]): Promise<void> {
  if (!runIds.length) return;
  const d = wh.dialect;
  await wh.execute(`DELETE FROM ${qualified(d, table)} WHERE run_id IN (${runIds.map((id) => d.stringLiteral(id)).join(', ')})`);
}

export interface SnapshotSummary {
  runId: string;
  createdAt: string;
  /** The command of the run (meta.runs), e.g. run or resolve. */
  command: string | null;
  method: string;
  tables: number;
  rows: number;
}

/** One entry per snapshot, newest first. */
export async function listSnapshots(wh: Warehouse): Promise<SnapshotSummary[]> {
  const d = wh.dialect;
  const rows = await readSnapshotRows(wh);
  const runs = await wh.query(`SELECT run_id, command FROM ${qualified(d, 'meta.runs')} WHERE run_id IN (SELECT run_id FROM ${qualified(d, table)})`);
  const commands = new Map(runs.map((r) => [String(r['run_id']), String(r['command'])]));
  const byRun = new Map<string, SnapshotRow[]>();
  for (const r of rows) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), r]);
  return [...byRun.values()].map((kept) => {
    const tables = kept.filter((k) => k.method !== 'rows');
    const first = kept[0]!;
    return {
      runId: first.runId,
      createdAt: first.createdAt,
      command: commands.get(first.runId) ?? null,
      method: [...new Set(tables.map((t) => t.method))].join(', '),
      tables: tables.length,
      rows: tables.reduce((n, t) => n + (t.rowCount ?? 0), 0),
    };
  });
}
