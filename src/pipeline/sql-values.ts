// Small helpers for writing rows of literal values through a dialect.
import type { Dialect, LogicalType } from '../dialect/dialect.js';
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

/** `expr IN ('a', 'b')` for a list of text values; an empty list gives a false condition (an empty
 * IN () is not SQL) that every engine reads alike. */
export function inTextList(d: Dialect, expr: string, values: readonly string[]): string {
  return values.length ? `${expr} IN (${values.map((v) => d.stringLiteral(v)).join(', ')})` : '1 = 0';
}

/** A typed literal for timestamp text, so engines never guess the type of a bare string. */
export function timestampLiteral(d: Dialect, text: string | null): string {
  return text === null ? d.cast('NULL', 'timestamp') : d.cast(d.stringLiteral(text), 'timestamp');
}

/**
 * Rows of literals as a derived table `(SELECT ...) AS alias` with typed columns, for joining
 * small config-derived lists (holidays, campaign rules) in a model. Every value is cast, so no
 * engine has to guess a column's type from a NULL; no rows gives an empty table of that shape.
 */
export function literalTable(d: Dialect, columns: [name: string, type: LogicalType][], rows: Literal[][], alias: string): string {
  const typed = (r: Literal[]) => columns.map(([, t], i) => d.cast(d.literal(r[i] ?? null), t));
  const names = columns.map(([c]) => d.quoteIdent(c));
  if (!rows.length) return `(SELECT ${typed([]).map((v, i) => `${v} AS ${names[i]}`).join(', ')} WHERE 1 = 0) AS ${d.quoteIdent(alias)}`;
  return `(SELECT * FROM (VALUES ${rows.map((r) => `(${typed(r).join(', ')})`).join(',\n  ')}) AS v(${names.join(', ')})) AS ${d.quoteIdent(alias)}`;
}
