// For warehouses other than DuckDB: parse an export with an embedded, in-memory DuckDB (the same
// reader the DuckDB warehouse uses) and write the landing rows as a plain RFC 4180 CSV that the
// engine's own bulk loader (PostgreSQL COPY, Snowflake PUT/COPY, Spark) takes without surprises.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CsvOptions } from '../../config/sources-schema.js';
import { lineageColumns } from '../../pipeline/raw-tables.js';
import type { FileLanding, LandingResult } from '../warehouse.js';
import { DuckDbWarehouse } from './duckdb-warehouse.js';
import { parseLanding } from './file-landing.js';

export interface PreparedLanding {
  /** A headerless CSV of the raw-table columns in order; NULL is an unquoted empty field. */
  csvPath: string;
  /** The CSV's columns: the spec's source columns, then the lineage columns. */
  columns: string[];
  rows: number;
  rejected: LandingResult['rejected'];
  dispose(): void;
}

/** Opens its in-memory DuckDB on first use, so a warehouse that lands no file never starts one. */
export class DuckDbFileReader {
  private db: Promise<DuckDbWarehouse> | undefined;

  private open(): Promise<DuckDbWarehouse> {
    this.db ??= DuckDbWarehouse.open(':memory:');
    return this.db;
  }

  async fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]> {
    return (await this.open()).fileColumns(file, format, csv);
  }

  async prepare(spec: FileLanding): Promise<PreparedLanding> {
    const csvPath = join(tmpdir(), `cpm-landing-${process.pid}-${spec.batchId}.csv`);
    const db = await this.open();
    const d = db.dialect;
    const landing = await parseLanding(db, spec);
    try {
      await db.execute(`CREATE OR REPLACE TEMP TABLE landing AS ${landing.select}`);
    } finally {
      await landing.dispose();
    }
    const rejected = landing.rejected;
    await db.execute(`COPY landing TO ${d.stringLiteral(csvPath)} (FORMAT csv, HEADER false)`);
    const [count] = await db.query('SELECT COUNT(*) AS n FROM landing');
    await db.execute('DROP TABLE landing');
    const columns = [...spec.columns, ...lineageColumns.map(([c]) => c)];
    return { csvPath, columns, rows: Number(count?.['n'] ?? 0), rejected, dispose: () => rmSync(csvPath, { force: true }) };
  }

  async close(): Promise<void> {
    await (await this.db)?.close();
  }
}
