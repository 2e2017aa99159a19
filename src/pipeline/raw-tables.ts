// Raw tables: raw.<source>__<stream>, every source column as text plus lineage columns.
// Append-only; a column that appears in a later export is added, never dropped or retyped.
import type { LogicalType } from '../dialect/dialect.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';

export const lineageColumns: [string, LogicalType][] = [
  ['_batch_id', 'bigint'],
  ['_loaded_at', 'timestamp'],
  ['_source_file', 'text'],
  ['_source_row', 'bigint'],
  ['_record_hash', 'text'],
];
const lineageNames = new Set(lineageColumns.map(([c]) => c));

export function rawTableName(source: string, stream: string): TableRef {
  return { schema: 'raw', name: `${source}__${stream}` };
}

/** Creates or widens the raw table; returns its source columns in table order. */
export async function ensureRawTable(wh: Warehouse, table: TableRef, sourceColumns: string[]): Promise<string[]> {
  const d = wh.dialect;
  const target = d.table(table.schema, table.name);
  const existing = await wh.columns(table);
  if (!existing.length) {
    const cols = [...sourceColumns.map((c) => `${d.quoteIdent(c)} ${d.type('text')}`), ...lineageColumns.map(([c, t]) => `${d.quoteIdent(c)} ${d.type(t)}`)];
    await wh.execute(`CREATE TABLE IF NOT EXISTS ${target} (${cols.join(', ')})`);
    return sourceColumns;
  }
  const have = new Set(existing);
  for (const c of sourceColumns.filter((c) => !have.has(c))) {
    await wh.execute(`ALTER TABLE ${target} ADD COLUMN ${d.quoteIdent(c)} ${d.type('text')}`);
  }
  return [...existing.filter((c) => !lineageNames.has(c)), ...sourceColumns.filter((c) => !have.has(c))];
}
