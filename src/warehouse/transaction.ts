// Several statements as one transaction: all of them or none. DuckDB and PostgreSQL run DDL
// (drop, rename, create view) inside transactions too, so a publish is atomic for readers.
// Engines without multi-table transactions (Spark/Databricks: a Delta commit covers one table)
// run the statements in order, each atomic on its own: a failure part way leaves the earlier ones
// done, so callers keep such statement lists idempotent and re-runnable (DESIGN.md section 4).
import type { Warehouse } from './warehouse.js';

export async function inTransaction(wh: Warehouse, statements: string[]): Promise<void> {
  if (!wh.dialect.capabilities.supportsMultiTableTransactions) {
    for (const s of statements) await wh.execute(s);
    return;
  }
  await wh.execute('BEGIN');
  try {
    for (const s of statements) await wh.execute(s);
    await wh.execute('COMMIT');
  } catch (error) {
    await wh.execute('ROLLBACK').catch(() => {});
    throw error;
  }
}
