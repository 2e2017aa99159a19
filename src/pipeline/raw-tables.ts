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
    await wh.execute(d.createTable(target, [...sourceColumns.map((c): [string, LogicalType] => [c, 'text']), ...lineageColumns], true));
    return sourceColumns;
  }
  // Compared without case: DuckDB and Snowflake (which gives names back case-folded) treat
  // `DonorID` and `donorid` as one column, so a header's case changing adds no column.
  const have = new Set(existing.map((c) => c.toLowerCase()));
  const added = sourceColumns.filter((c) => !have.has(c.toLowerCase()));
  for (const c of added) await wh.execute(`ALTER TABLE ${target} ADD COLUMN ${d.quoteIdent(c)} ${d.type('text')}`);
  return [...existing.filter((c) => !lineageNames.has(c)), ...added];
}
