// `cpm rollback --to RUN_ID`: puts back exactly the published state a run's snapshot kept (every
// table of it; tables that did not exist then are dropped) and the resolve and marts state rows,
// so the next run resolves again whatever was loaded or decided since, as it would have after
// that run. DuckDB and PostgreSQL do it in one transaction: readers see the state before or the
// state after. Snowflake and Delta restore table by table, each atomically; the state rows are
// forgotten first, so if the rollback stops part way the next run resolves everything again
// (correct, only slower) and running the rollback again finishes it.
import { UsageError } from '../errors/cpm-error.js';
import { engagementEventsView, ensureEngagementView } from '../identity/golden.js';
import { audit } from '../lineage/audit-log.js';
import { applyErasures } from '../privacy/suppress-loads.js';
import { qualified, splitName } from '../pipeline/meta-tables.js';
import type { RunContext } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import { inTransaction } from '../warehouse/transaction.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';
import { snapshotSchemas, stateModels, tablesInScope } from './snapshot-scope.js';
import { listSnapshots, readSnapshotRows, type SnapshotRow } from './snapshot-store.js';
import type { StateRow } from './take-snapshot.js';

export interface RollbackResult {
  to: string;
  snapshotAt: string;
  restored: { table: string; method: string; rows: number | null }[];
  /** Tables that did not exist when the snapshot was taken. */
  dropped: string[];
  /** Rows of people on the privacy suppression list deleted again from the restored tables. */
  erasedAgain: number;
}

export async function rollbackTo(ctx: RunContext, runId: string): Promise<RollbackResult> {
  const { wh } = ctx;
  const d = wh.dialect;
  const rows = await readSnapshotRows(wh, runId);
  if (!rows.length) throw await unknownSnapshot(wh, runId);
  const kept = rows.filter((r) => r.method !== 'rows');
  const state = rows.find((r) => r.method === 'rows');
  await checkKept(wh, kept);
  const keptNames = new Set(kept.map((r) => r.table));
  const extra = (await tablesInScope(wh, ctx.project)).filter((t) => !keptNames.has(`${t.schema}.${t.name}`));
  const stateStatements = restoreState(wh, state ? (JSON.parse(state.location) as StateRow[]) : []);
  const view = d.createView(d.table('golden', 'engagement_events'), engagementEventsView(d));
  const copies = kept.filter((r) => r.method === 'copy');
  const native = kept.filter((r) => r.method !== 'copy');
  if (native.length) await wh.execute(stateStatements[0]!); // forget the current state first (see above)
  for (const [i, r] of native.entries()) {
    ctx.progress('rollback', i, kept.length);
    await wh.restore!({ table: splitName(r.table), method: r.method as 'clone' | 'delta_version', version: r.location });
  }
  const copyBack = copies.flatMap((r) => {
    const target = qualified(d, r.table);
    return [d.dropTable(target), d.createTableAs(target, `SELECT * FROM ${qualified(d, r.location)}`, false)];
  });
  const hasLinks = keptNames.has('golden.constituent_source_links');
  // PostgreSQL's DROP ... CASCADE takes the events view with the links: it is made again inside.
  await inTransaction(wh, [...copyBack, ...extra.map((t) => d.dropTable(d.table(t.schema, t.name))), ...stateStatements, ...(hasLinks ? [view] : [])]);
  if (hasLinks) await ensureEngagementView(wh);
  // An erasure deleted its person from the copies and clones too, but not from Delta versions:
  // whoever is on the suppression list is deleted again from what was restored.
  const erased = await applyErasures(wh, { schemas: [...snapshotSchemas] });
  ctx.progress('rollback', kept.length, kept.length);
  const result: RollbackResult = {
    to: runId,
    snapshotAt: rows[0]!.createdAt,
    restored: kept.map((r) => ({ table: r.table, method: r.method, rows: r.rowCount })),
    dropped: extra.map((t) => `${t.schema}.${t.name}`),
    erasedAgain: erased.reduce((n, e) => n + e.rows, 0),
  };
  await audit(wh, { runId: ctx.runId, action: 'rollback', detail: { to: runId, snapshot_at: result.snapshotAt, tables: kept.length, dropped: result.dropped, erased_again: result.erasedAgain } });
  return result;
}

/** Every piece of the snapshot must be there before anything changes. */
async function checkKept(wh: Warehouse, kept: SnapshotRow[]): Promise<void> {
  const foreign = kept.filter((r) => r.method !== 'copy' && !wh.restore);
  if (foreign.length) throw new Error(`the snapshot of run ${kept[0]?.runId} was kept by ${foreign[0]!.method} on another engine: this warehouse (${wh.dialect.name}) cannot restore it`);
  const missing: string[] = [];
  for (const r of kept) {
    // A Delta version lives in its table's history: the table must still exist (restore checks the history).
    const where: TableRef = r.method === 'delta_version' ? splitName(r.table) : splitName(r.location);
    if (!(await wh.tableExists(where))) missing.push(`${r.table} (${r.method} ${r.location})`);
  }
  if (missing.length) {
    throw new Error(`the snapshot of run ${kept[0]?.runId} cannot be restored: ${missing.length} of its tables are gone: ${missing.join(', ')}. Nothing was changed; roll back to another snapshot (\`cpm snapshots\`)`);
  }
}

/** DELETE of the state rows, then INSERT of the snapshot's (the DELETE is first on purpose). */
function restoreState(wh: Warehouse, rows: StateRow[]): string[] {
  const d = wh.dialect;
  const table = qualified(d, 'meta.model_state');
  const statements = [`DELETE FROM ${table} WHERE model IN (${stateModels.map((m) => d.stringLiteral(m)).join(', ')})`];
  if (rows.length) {
    const values = rows.map((r) => `(${d.stringLiteral(r.model)}, ${r.last_batch_id === null ? d.cast('NULL', 'bigint') : d.cast(String(r.last_batch_id), 'bigint')}, ${timestampLiteral(d, r.updated_at)}, ${d.literal(r.fingerprint)})`);
    statements.push(`INSERT INTO ${table} (model, last_batch_id, updated_at, fingerprint) VALUES ${values.join(', ')}`);
  }
  return statements;
}

async function unknownSnapshot(wh: Warehouse, runId: string): Promise<UsageError> {
  const available = await listSnapshots(wh);
  const list = available.map((s) => `${s.runId} (${s.createdAt}${s.command ? `, ${s.command}` : ''})`).join(', ');
  return new UsageError(
    available.length
      ? `no snapshot of run "${runId}": it is unknown, or older than the ${available.length} snapshot(s) kept: ${list}`
      : `no snapshot of run "${runId}": none is kept (snapshots are taken by runs that publish golden, dimension or mart tables, unless cpm.yaml sets snapshots.keep: 0)`,
    'pick a run id from `cpm snapshots`; cpm.yaml snapshots.keep sets how many are kept',
  );
}
