// A table's columns and their types from the engine's catalog (Dialect.describeColumns), with
// each engine's type name mapped to the logical types config files speak.
import type { LogicalType } from '../dialect/dialect.js';
import { splitName } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface DescribedColumn {
  name: string;
  /** The engine's type name, as its catalog spells it. */
  engineType: string;
  /** undefined for types outside the logical set (arrays, JSON, intervals...). */
  type: LogicalType | undefined;
}

// Ordered: the first pattern that matches the lower-cased engine type wins.
const typePatterns: [RegExp, LogicalType][] = [
  [/^(character varying|varchar|text|string|char|character|bpchar|nvarchar)\b/, 'text'],
  [/^(bigint|int8|long|hugeint)\b/, 'bigint'],
  [/^(integer|int|int4|smallint|int2|tinyint|short|byte)\b/, 'integer'],
  [/^(decimal|numeric|number)\b/, 'decimal'],
  [/^(double|float|real|float8|float4)\b/, 'double'],
  [/^(boolean|bool)\b/, 'boolean'],
  [/^date$/, 'date'],
  [/^(timestamp|datetime)/, 'timestamp'],
];

export function logicalTypeOf(engineType: string): LogicalType | undefined {
  const t = engineType.trim().toLowerCase();
  return typePatterns.find(([re]) => re.test(t))?.[1];
}

/** Columns in table order; empty when the table does not exist. */
export async function describeTable(wh: Warehouse, table: string): Promise<DescribedColumn[]> {
  const { schema, name } = splitName(table);
  if (!(await wh.tableExists({ schema, name }))) return [];
  const rows = await wh.query(wh.dialect.describeColumns(schema, name));
  const columns: DescribedColumn[] = [];
  for (const r of rows) {
    const name = String(r['column_name'] ?? r['col_name'] ?? '');
    // DESCRIBE lists partition columns again after a blank line and a '#' header.
    if (!name || name.startsWith('#')) break;
    const engineType = String(r['data_type'] ?? '');
    columns.push({ name, engineType, type: logicalTypeOf(engineType) });
  }
  return columns;
}
