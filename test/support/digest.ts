// Order-independent fingerprints of tables, to compare engines and runs row for row.
import { createHash } from 'node:crypto';
import type { Warehouse } from '../../src/warehouse/warehouse.js';

/** Rows of a table as sorted JSON lines, without the named columns (e.g. load times). */
export async function tableRows(wh: Warehouse, schema: string, table: string, exclude: string[] = []): Promise<string[]> {
  const rows = await wh.query(`SELECT * FROM ${wh.dialect.table(schema, table)}`);
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !exclude.includes(k)).sort(([a], [b]) => a.localeCompare(b))))).sort();
}

export async function tableDigest(wh: Warehouse, schema: string, table: string, exclude: string[] = []): Promise<string> {
  const hash = createHash('sha256');
  for (const line of await tableRows(wh, schema, table, exclude)) hash.update(`${line}\n`);
  return hash.digest('hex');
}

/** Digest of every table in the given layers, by table name. */
export async function layerDigests(wh: Warehouse, layers: string[], exclude: string[] = ['_loaded_at', 'quarantined_at']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const layer of layers) {
    for (const t of await wh.listTables(layer)) out[`${layer}.${t}`] = await tableDigest(wh, layer, t, exclude);
  }
  return out;
}
