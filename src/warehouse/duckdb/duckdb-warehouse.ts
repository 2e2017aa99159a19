// The embedded default: one DuckDB file under the project, no server.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { CsvOptions } from '../../config/sources-schema.js';
import { DuckDbDialect } from '../../dialect/duckdb/duckdb-dialect.js';
import type { FileLanding, LandingResult, Row, TableRef, Warehouse } from '../warehouse.js';
import { readCsvHeader } from '../../connectors/csv-header.js';
import { parseLanding } from './file-landing.js';
import { jsonKeysSql } from './file-scan.js';
import { toRowValue } from './duckdb-values.js';
import { WarehouseBusyError } from '../warehouse-busy.js';

export class DuckDbWarehouse implements Warehouse {
  readonly dialect = new DuckDbDialect();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly location: string,
  ) {}

  /** Opens (creating if needed) a database file; ':memory:' for a throw-away one. */
  static async open(path: string, options: { threads?: number; memoryLimit?: string } = {}): Promise<DuckDbWarehouse> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.threads) config['threads'] = String(options.threads);
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    const instance = await DuckDBInstance.create(path, config).catch((e: unknown) => {
      // Another process has the file open: say so plainly (the caller may wait and retry).
      // https://duckdb.org/docs/stable/connect/concurrency
      const message = e instanceof Error ? e.message : String(e);
      if (!/Could not set lock on file/.test(message)) throw e;
      const pid = /\(PID (\d+)\)/.exec(message)?.[1];
      throw new WarehouseBusyError(`the DuckDB file ${path}`, pid ? Number(pid) : undefined);
    });
    const conn = await instance.connect();
    return new DuckDbWarehouse(instance, conn, path);
  }

  async execute(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async query(sql: string): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRows().map((values) => {
      const row: Row = {};
      names.forEach((n, i) => (row[n] = toRowValue(values[i] ?? null)));
      return row;
    });
  }

  async tableExists(table: TableRef): Promise<boolean> {
    return (await this.columns(table)).length > 0;
  }

  async listTables(schema: string): Promise<string[]> {
    const rows = await this.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = ${this.dialect.stringLiteral(schema)} ORDER BY table_name`);
    return rows.map((r) => String(r['table_name']));
  }

  async columns(table: TableRef): Promise<string[]> {
    const rows = await this.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = ${this.dialect.stringLiteral(table.schema)} AND table_name = ${this.dialect.stringLiteral(table.name)} ORDER BY ordinal_position`,
    );
    return rows.map((r) => String(r['column_name']));
  }

  async fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]> {
    if (format === 'csv') return readCsvHeader(file, csv);
    const sql = jsonKeysSql(file);
    const first = await this.query(sql.first);
    const all = (await this.query(sql.all)).map((r) => String(r['key']));
    const ordered = [...new Set(first.map((r) => String(r['key'])))];
    return [...ordered, ...all.filter((k) => !ordered.includes(k))];
  }

  async landFiles(spec: FileLanding): Promise<LandingResult> {
    const target = this.dialect.table(spec.table.schema, spec.table.name);
    const landing = await parseLanding(this, spec);
    try {
      const [inserted] = await this.query(`INSERT INTO ${target} ${landing.select}`);
      return { rows: Number(inserted?.['Count'] ?? 0), rejected: landing.rejected };
    } finally {
      await landing.dispose();
    }
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
