// PostgreSQL 15+ through node-postgres. Bulk loads go through COPY FROM STDIN.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CsvOptions } from '../../config/sources-schema.js';
import { PostgresDialect } from '../../dialect/postgres/postgres-dialect.js';
import { DuckDbFileReader } from '../duckdb/file-reader.js';
import type { FileLanding, LandingResult, Row, TableRef, Warehouse } from '../warehouse.js';

// Return values in the engine-neutral shape of warehouse.ts instead of node-postgres' defaults
// (int8/numeric as strings, dates as JS Date in local time).
const typeParsers: Record<number, (v: string) => unknown> = {
  20: (v) => (Number.isSafeInteger(Number(v)) ? Number(v) : v), // int8
  1700: Number, // numeric
  701: Number, // float8
  1082: (v) => v, // date
  1114: (v) => v, // timestamp
  1184: (v) => v, // timestamptz
};

export class PostgresWarehouse implements Warehouse {
  readonly dialect = new PostgresDialect();
  private readonly files = new DuckDbFileReader();

  private constructor(
    private readonly client: pg.Client,
    readonly location: string,
  ) {}

  static async open(connectionString: string): Promise<PostgresWarehouse> {
    const client = new pg.Client({
      connectionString,
      types: { getTypeParser: (oid: number, format?: string) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text') },
    });
    await client.connect();
    await client.query("SET client_min_messages = 'warning'");
    const wh = new PostgresWarehouse(client, redact(connectionString));
    for (const sql of wh.dialect.setupStatements()) await client.query(sql);
    return wh;
  }

  async execute(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async query(sql: string): Promise<Row[]> {
    const result = await this.client.query(sql);
    return result.rows as Row[];
  }

  async tableExists(table: TableRef): Promise<boolean> {
    return (await this.columns(table)).length > 0;
  }

  async listTables(schema: string): Promise<string[]> {
    const result = await this.client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
    return result.rows.map((r: { table_name: string }) => r.table_name);
  }

  async columns(table: TableRef): Promise<string[]> {
    const result = await this.client.query(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
      [table.schema, table.name],
    );
    return result.rows.map((r: { column_name: string }) => r.column_name);
  }

  async fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]> {
    return this.files.fileColumns(file, format, csv);
  }

  async landFiles(spec: FileLanding): Promise<LandingResult> {
    const prepared = await this.files.prepare(spec);
    try {
      const target = this.dialect.table(spec.table.schema, spec.table.name);
      const cols = prepared.columns;
      const copy = this.client.query(copyFrom(`COPY ${target} (${cols.map((c) => this.dialect.quoteIdent(c)).join(', ')}) FROM STDIN WITH (FORMAT csv)`));
      await pipeline(createReadStream(prepared.csvPath), copy);
      return { rows: prepared.rows, rejected: prepared.rejected };
    } finally {
      prepared.dispose();
    }
  }

  async close(): Promise<void> {
    await this.files.close();
    await this.client.end();
  }
}

function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
