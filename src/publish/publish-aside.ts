// Publishing tables built aside. A step builds each new table as <schema>.<name>__next, beside
// the published one, and puts them all in place at the end, so a reader sees the previous
// version of the layer or the new one, never a half-built table. `cpm run` builds golden,
// dimensions and marts aside and publishes them as one plan (combinePlans), so a reader never
// sees new golden records beside marts of the last run. How "in place at once" is done is the
// engine's (Dialect.publishAside):
// - DuckDB, PostgreSQL: DROP + RENAME of every table, with the plan's `before` and `after`
//   statements, in one transaction: readers see all of the old tables or all of the new ones.
// - Snowflake (DDL commits on its own): ALTER TABLE ... SWAP WITH per table, each atomic.
// - Spark/Delta (one commit per table): CREATE OR REPLACE TABLE ... AS SELECT from the aside
//   copy per table, each atomic, keeping the table's Delta history.
// On the last two a reader can see some tables new and others still old while the publish runs
// (seconds), and a crash part way leaves that mix until the next run publishes again; no table
// is ever missing, and every aside copy stays until every table is in place.
import type { Dialect } from '../dialect/dialect.js';
import { splitName } from '../pipeline/meta-tables.js';
import { inTransaction } from '../warehouse/transaction.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';

/** The name a table is built under before it is published. */
export const asideName = (name: string): string => `${name}__next`;

/** The quoted aside table of `schema.table` (or of a TableRef). */
export function asideTable(d: Dialect, table: string | TableRef): string {
  const { schema, name } = typeof table === 'string' ? splitName(table) : table;
  return d.table(schema, asideName(name));
}

/** What one publish puts in place, and what it runs with it. */
export interface PublishPlan {
  /** Tables whose <name>__next must exist, to put in place of the published ones. */
  tables: TableRef[];
  /** Views built aside (<name>__next), for builds that read them before the publish: of a view,
   * over aside tables (`after` makes the published view); of a table that `before` changes in
   * place, showing it as it will be. The publish drops them. */
  views?: TableRef[];
  /** In the publish's transaction, before the tables are put in place: changes made in place to
   * published tables that are not rebuilt whole. */
  before?: string[];
  /** In the transaction, after them: views over the new tables, merges from them, the state
   * that records what was published. */
  after?: string[];
  /** After the transaction, and when the plan is discarded: drops of the build's scratch tables. */
  cleanup?: string[];
}

/** The plans as one publish, in order (a later plan's `after` sees the earlier plans' tables). */
export function combinePlans(plans: PublishPlan[]): PublishPlan {
  const statements = (key: 'before' | 'after' | 'cleanup') => plans.flatMap((p) => p[key] ?? []);
  return { tables: plans.flatMap((p) => p.tables), views: plans.flatMap((p) => p.views ?? []), before: statements('before'), after: statements('after'), cleanup: statements('cleanup') };
}

/** What a build or check reads in place of a published `schema.name` before the plan is published: the aside version of each table and view in it. */
export function asideNames(plan: PublishPlan): Map<string, string> {
  return new Map([...plan.tables, ...(plan.views ?? [])].map((t) => [`${t.schema}.${t.name}`, `${t.schema}.${asideName(t.name)}`]));
}

/**
 * Puts every table's aside version in place, with the plan's `before` and `after` statements in
 * the same transaction where the engine has one; last, drops what is left beside the tables.
 */
export async function publishPlan(wh: Warehouse, plan: PublishPlan): Promise<void> {
  const d = wh.dialect;
  const swaps = [];
  for (const t of plan.tables) swaps.push(d.publishAside(t.schema, t.name, asideName(t.name), await wh.tableExists(t)));
  await inTransaction(wh, [...(plan.before ?? []), ...swaps.flatMap((p) => p.swap), ...(plan.after ?? [])]);
  const asideViews = (plan.views ?? []).map((v) => d.dropView(asideTable(d, v)));
  for (const sql of [...asideViews, ...swaps.flatMap((p) => p.cleanup), ...(plan.cleanup ?? [])]) await wh.execute(sql);
}

/** Drops what a plan built aside, leaving the published tables as they were (a publish the quality checks stopped). */
export async function discardPlan(wh: Warehouse, plan: PublishPlan): Promise<void> {
  const d = wh.dialect;
  for (const sql of [...(plan.views ?? []).map((v) => d.dropView(asideTable(d, v))), ...plan.tables.map((t) => d.dropTable(asideTable(d, t))), ...(plan.cleanup ?? [])]) await wh.execute(sql);
}
