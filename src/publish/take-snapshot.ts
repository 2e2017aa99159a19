// Keeps the published state a successful run left, for `cpm rollback --to RUN_ID`, each engine
// its cheapest way: Snowflake a zero-copy CLONE, Delta Lake the table's version (nothing is
// copied; RESTORE goes back to it), DuckDB and PostgreSQL a copy of each table in the
// `snapshots` schema. Then the oldest snapshots beyond cpm.yaml's snapshots.keep are dropped.
import { audit } from '../lineage/audit-log.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText, type RunContext } from '../pipeline/run-context.js';
import { timedStep } from '../pipeline/run-log.js';
import { inTransaction } from '../warehouse/transaction.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';
import { applyRetention } from './retention.js';
import { keptTable, snapshotSchema } from './snapshot-names.js';
import { stateModels, tablesInScope } from './snapshot-scope.js';
import { type SnapshotRow, snapshotRowsInsert } from './snapshot-store.js';

export interface SnapshotResult {
  runId: string;
  tables: number;
  rows: number;
  method: string;
  /** Runs whose snapshots retention dropped. */
  dropped: string[];
}

/** Snapshots the published state as run ctx.runId leaves it; nothing when snapshots.keep is 0. */
export async function takeSnapshot(ctx: RunContext): Promise<SnapshotResult | undefined> {
  const { wh } = ctx;
  const keep = ctx.project.config.snapshots.keep;
  if (keep === 0) {
    await applyRetention(wh, 0);
    return undefined;
  }
  return timedStep(ctx, 'snapshot', () => keepAll(ctx, keep), (r) => ({ rows: r.rows, detail: `${r.tables} tables (${r.method})` }));
}

async function keepAll(ctx: RunContext, keep: number): Promise<SnapshotResult> {
  const { wh, runId } = ctx;
  const tables = await tablesInScope(wh, ctx.project);
  const counts = await rowCounts(wh, tables);
  const createdAt = nowText();
  const rows: SnapshotRow[] = [];
  const copies: string[] = [];
  for (const [i, table] of tables.entries()) {
    ctx.progress('snapshot', i, tables.length);
    const kept = await keepTable(wh, runId, table, copies);
    rows.push({ runId, table: `${table.schema}.${table.name}`, ...kept, rowCount: counts[i] ?? null, bytes: null, createdAt });
  }
  rows.push({ runId, table: 'meta.model_state', method: 'rows', location: JSON.stringify(await stateRows(wh)), rowCount: null, bytes: null, createdAt });
  // Copies and the rows that list them in one transaction where the engine has one: a crash
  // leaves all of the snapshot or none of it.
  const d = wh.dialect;
  if (copies.length) await wh.execute(d.createSchema(snapshotSchema));
  await inTransaction(wh, [...copies, snapshotRowsInsert(d, rows)]);
  ctx.progress('snapshot', tables.length, tables.length);
  const method = [...new Set(rows.filter((r) => r.method !== 'rows').map((r) => r.method))].join(', ');
  const total = counts.reduce((a, b) => a + b, 0);
  await audit(wh, { runId, action: 'snapshot', detail: { tables: tables.length, rows: total, method } });
  const dropped = await applyRetention(wh, keep);
  ctx.log.info(`snapshot of ${tables.length} tables kept (${method}) for \`cpm rollback --to ${runId}\`${dropped.length ? `; dropped the oldest: ${dropped.join(', ')}` : ''}`);
  return { runId, tables: tables.length, rows: total, method, dropped };
}

/** Keeps one table: at once where the engine has its own way; as a copy statement added to `copies` otherwise. */
async function keepTable(wh: Warehouse, runId: string, table: TableRef, copies: string[]): Promise<Pick<SnapshotRow, 'method' | 'location'>> {
  const into = keptTable(runId, table);
  if (wh.snapshot) {
    const s = await wh.snapshot(table, into);
    return { method: s.method, location: s.version };
  }
  const d = wh.dialect;
  copies.push(d.createTableAs(d.table(into.schema, into.name), `SELECT * FROM ${d.table(table.schema, table.name)}`, true));
  return { method: 'copy', location: `${into.schema}.${into.name}` };
}

/** Every table's row count in one statement (a statement costs most on Spark). */
async function rowCounts(wh: Warehouse, tables: TableRef[]): Promise<number[]> {
  if (!tables.length) return [];
  const d = wh.dialect;
  const parts = tables.map((t, i) => `SELECT ${i} AS i, COUNT(*) AS n FROM ${d.table(t.schema, t.name)}`);
  const rows = await wh.query(parts.join('\nUNION ALL\n'));
  const counts = tables.map(() => 0);
  for (const r of rows) counts[Number(r['i'])] = Number(r['n']);
  return counts;
}

export interface StateRow {
  model: string;
  last_batch_id: number | null;
  updated_at: string | null;
  fingerprint: string | null;
}

async function stateRows(wh: Warehouse): Promise<StateRow[]> {
  const d = wh.dialect;
  const rows = await wh.query(
    `SELECT model, last_batch_id, ${d.timestampToText('updated_at')} AS updated_at, fingerprint FROM ${qualified(d, 'meta.model_state')} WHERE model IN (${stateModels.map((m) => d.stringLiteral(m)).join(', ')}) ORDER BY model`,
  );
  return rows.map((r) => ({
    model: String(r['model']),
    last_batch_id: r['last_batch_id'] === null ? null : Number(r['last_batch_id']),
    updated_at: r['updated_at'] === null ? null : String(r['updated_at']),
    fingerprint: r['fingerprint'] === null ? null : String(r['fingerprint']),
  }));
}
