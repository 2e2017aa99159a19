// For warehouses other than DuckDB: parse an export with an embedded, in-memory DuckDB (the same
// reader the DuckDB warehouse uses) and write the landing rows as a plain RFC 4180 CSV that the
// engine's own bulk loader (PostgreSQL COPY, Snowflake PUT/COPY, Spark) takes without surprises.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CsvOptions } from '../../config/sources-schema.js';
import type { FileLanding, LandingResult } from '../warehouse.js';
import { DuckDbWarehouse } from './duckdb-warehouse.js';
import { landingSelect, parsedTable, parseFilesSql } from './file-scan.js';

export interface PreparedLanding {
  /** A headerless CSV of the raw-table columns in order; NULL is an unquoted empty field. */
  csvPath: string;
  rows: number;
  rejected: LandingResult['rejected'];
  dispose(): void;
}

export class DuckDbFileReader {
  private constructor(private readonly db: DuckDbWarehouse) {}

  static async open(): Promise<DuckDbFileReader> {
    return new DuckDbFileReader(await DuckDbWarehouse.open(':memory:'));
  }

  fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]> {
    return this.db.fileColumns(file, format, csv);
  }

  async prepare(spec: FileLanding): Promise<PreparedLanding> {
    const rejects = `cpm_rejects_${spec.batchId}`;
    const csvPath = join(tmpdir(), `cpm-landing-${process.pid}-${spec.batchId}.csv`);
    const d = this.db.dialect;
    await this.db.execute(parseFilesSql(spec, rejects));
    await this.db.execute(`CREATE OR REPLACE TEMP TABLE landing AS ${landingSelect(spec)}`);
    const rejected = await this.db.takeRejects(spec, rejects);
    await this.db.execute(`DROP TABLE ${parsedTable}`);
    await this.db.execute(`COPY landing TO ${d.stringLiteral(csvPath)} (FORMAT csv, HEADER false)`);
    const [count] = await this.db.query('SELECT COUNT(*) AS n FROM landing');
    await this.db.execute('DROP TABLE landing');
    return { csvPath, rows: Number(count?.['n'] ?? 0), rejected, dispose: () => rmSync(csvPath, { force: true }) };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
