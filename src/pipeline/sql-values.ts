// Small helpers for writing rows of literal values through a dialect.
import type { Dialect } from '../dialect/dialect.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';

export type Literal = string | number | boolean | null;

/** INSERT rows in chunks so a statement stays a reasonable size. */
export async function insertRows(wh: Warehouse, table: string, columns: string[], rows: Literal[][], chunk = 500): Promise<void> {
  const d: Dialect = wh.dialect;
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => `(${r.map((v) => d.literal(v)).join(', ')})`);
    await wh.execute(`INSERT INTO ${qualified(d, table)} (${columns.map((c) => d.quoteIdent(c)).join(', ')}) VALUES ${values.join(', ')}`);
  }
}

/** A typed literal for timestamp text, so engines never guess the type of a bare string. */
export function timestampLiteral(d: Dialect, text: string | null): string {
  return text === null ? d.cast('NULL', 'timestamp') : d.cast(d.stringLiteral(text), 'timestamp');
}
