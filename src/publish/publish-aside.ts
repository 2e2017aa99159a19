// Publishing tables built aside. A step builds each new table as <schema>.<name>__next, beside
// the published one, and puts them all in place at the end, so a reader sees the previous
// version of the layer or the new one, never a half-built table. How "in place at once" is done
// is the engine's (Dialect.publishAside):
// - DuckDB, PostgreSQL: DROP + RENAME of every table, and the statements in `after`, in one
//   transaction: readers see all of the old tables or all of the new ones.
// - Snowflake (DDL commits on its own): ALTER TABLE ... SWAP WITH per table, each atomic.
// - Spark/Delta (one commit per table): CREATE OR REPLACE TABLE ... AS SELECT from the aside
//   copy per table, each atomic, keeping the table's Delta history.
// On the last two a reader can see some tables of the layer new and others still old while the
// publish runs (seconds), and a crash part way leaves that mix until the next run publishes
// again; no table is ever missing, and every aside copy stays until every table is in place.
import type { Dialect } from '../dialect/dialect.js';
import { inTransaction } from '../warehouse/transaction.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';

/** The name a table is built under before it is published. */
export const asideName = (name: string): string => `${name}__next`;

/** The quoted aside table of `schema.table`. */
export function asideTable(d: Dialect, qualifiedName: string): string {
  const [schema, name] = qualifiedName.split('.');
  if (!schema || !name) throw new Error(`expected schema.table, got "${qualifiedName}"`);
  return d.table(schema, asideName(name));
}

/**
 * Puts every table's aside version in place, then runs `after` (views over the new tables, a
 * MERGE from them) in the same transaction where the engine has one; last, drops what is left
 * beside the tables. Each table's <name>__next must exist.
 */
export async function publishAside(wh: Warehouse, tables: TableRef[], after: string[] = []): Promise<void> {
  const d = wh.dialect;
  const plans = [];
  for (const t of tables) plans.push(d.publishAside(t.schema, t.name, asideName(t.name), await wh.tableExists(t)));
  await inTransaction(wh, [...plans.flatMap((p) => p.swap), ...after]);
  for (const sql of plans.flatMap((p) => p.cleanup)) await wh.execute(sql);
}
