// The embedded default: one DuckDB file under the project, no server.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { CsvOptions } from '../../config/sources-schema.js';
import { DuckDbDialect } from '../../dialect/duckdb/duckdb-dialect.js';
import type { FileLanding, LandingResult, Row, TableRef, Warehouse } from '../warehouse.js';
import { readCsvHeader } from '../../connectors/csv-header.js';
import { jsonKeysSql, landingSelect, parsedTable, parseFilesSql, rejectsSql } from './file-scan.js';
import { toRowValue } from './duckdb-values.js';

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
    const instance = await DuckDBInstance.create(path, config);
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
    const rejects = `cpm_rejects_${spec.batchId}`;
    const target = this.dialect.table(spec.table.schema, spec.table.name);
    await this.execute(parseFilesSql(spec, rejects));
    const [inserted] = await this.query(`INSERT INTO ${target} ${landingSelect(spec)}`);
    const rejected = await this.takeRejects(spec, rejects);
    await this.execute(`DROP TABLE ${parsedTable}`);
    return { rows: Number(inserted?.['Count'] ?? 0), rejected };
  }

  /** Lines that did not land, with the reason (see file-scan.ts); drops the rejects tables. */
  async takeRejects(spec: FileLanding, rejectsTable: string): Promise<LandingResult['rejected']> {
    const made = (await this.query(`SELECT 1 FROM duckdb_tables() WHERE table_name = ${this.dialect.stringLiteral(rejectsTable)}`)).length > 0;
    const sql = rejectsSql(spec, made ? rejectsTable : undefined);
    const rows = sql ? await this.query(sql) : [];
    await this.execute(`DROP TABLE IF EXISTS ${this.dialect.quoteIdent(rejectsTable)}; DROP TABLE IF EXISTS ${this.dialect.quoteIdent(`${rejectsTable}_scan`)}`);
    const sourceFile = new Map(spec.files.map((f) => [f.path, f.sourceFile]));
    return rows.map((r) => ({
      sourceFile: sourceFile.get(String(r['path'])) ?? String(r['path']),
      line: Number(r['line']),
      error: String(r['error']),
      text: String(r['text'] ?? '').replace(/^[\r\n]+|[\r\n]+$/g, ''),
    }));
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
