// The baseline an ingest is measured against: DuckDB itself reading the same export files with
// a plain read_csv / read_json + CREATE TABLE AS, one table per stream, nothing else.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../src/warehouse/duckdb/duckdb-warehouse.js';

export async function baselineLoad(dbPath: string, dataDir: string): Promise<{ rows: number; detail: string }> {
  const wh = await DuckDbWarehouse.open(dbPath);
  const d = wh.dialect;
  let rows = 0;
  let tables = 0;
  try {
    for (const source of readdirSync(dataDir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('_'))) {
      for (const stream of readdirSync(join(dataDir, source.name), { withFileTypes: true }).filter((e) => e.isDirectory())) {
        const dir = join(dataDir, source.name, stream.name);
        const files = readdirSync(dir);
        const glob = d.stringLiteral(join(dir, '*'));
        const reader = files.some((f) => f.endsWith('.jsonl')) ? `read_json(${glob}, format = 'newline_delimited')` : `read_csv(${glob})`;
        const table = d.quoteIdent(`${source.name}__${stream.name}`);
        await wh.execute(`CREATE TABLE ${table} AS SELECT * FROM ${reader}`);
        const [r] = await wh.query(`SELECT COUNT(*) AS n FROM ${table}`);
        rows += Number(r?.['n'] ?? 0);
        tables++;
      }
    }
  } finally {
    await wh.close();
  }
  return { rows, detail: `${tables} tables` };
}
