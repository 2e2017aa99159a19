// Row counts per table of each layer, for `cpm status` and the demo summary.
import type { Warehouse } from '../warehouse/warehouse.js';

export interface TableCount {
  layer: string;
  table: string;
  rows: number;
}

export async function layerCounts(wh: Warehouse, layers = ['raw', 'staging', 'quality']): Promise<TableCount[]> {
  const out: TableCount[] = [];
  for (const layer of layers) {
    for (const table of await wh.listTables(layer)) {
      const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${wh.dialect.table(layer, table)}`);
      out.push({ layer, table, rows: Number(row?.['n'] ?? 0) });
    }
  }
  return out;
}
