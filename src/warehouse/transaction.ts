// Several statements as one transaction: all of them or none. DuckDB and PostgreSQL run DDL
// (drop, rename, create view) inside transactions too, so a publish is atomic for readers.
import type { Warehouse } from './warehouse.js';

export async function inTransaction(wh: Warehouse, statements: string[]): Promise<void> {
  await wh.execute('BEGIN');
  try {
    for (const s of statements) await wh.execute(s);
    await wh.execute('COMMIT');
  } catch (error) {
    await wh.execute('ROLLBACK').catch(() => {});
    throw error;
  }
}
