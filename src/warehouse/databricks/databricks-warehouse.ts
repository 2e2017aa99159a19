// Databricks SQL or Apache Spark SQL with Delta Lake tables, over one of two transports
// (transport.ts): the official Databricks SQL driver, or an Apache Spark Thrift server.
// One session per warehouse: session functions (Jaro-Winkler), temporary views (landing) and the
// session's scratch schema (session tables, see DatabricksDialect.createTempTableAs) live in it.
import { randomBytes } from 'node:crypto';
import type { DatabricksWarehouseConfig } from '../../config/project-schema.js';
import type { CsvOptions } from '../../config/sources-schema.js';
import { DatabricksDialect } from '../../dialect/databricks/databricks-dialect.js';
import { DuckDbFileReader } from '../duckdb/file-reader.js';
import type { FileLanding, LandingResult, Row, TableRef, TableSnapshot, Warehouse } from '../warehouse.js';
import { type Driver, openTransport, resolveDriver } from './connect.js';
import { SparkSqlError } from './spark-sql-error.js';
import { splitStatements } from './split-statements.js';
import type { SparkTransport } from './transport.js';

/** Errors of a name lookup that mean "no such table/schema" rather than a failure. */
const notFound = /\b(TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|NoSuchTableException|NoSuchNamespaceException)\b/;

export class DatabricksWarehouse implements Warehouse {
  private readonly files = new DuckDbFileReader();

  private constructor(
    private readonly transport: SparkTransport,
    private readonly scratchSchema: string,
    readonly dialect: DatabricksDialect,
  ) {}

  get location(): string {
    return this.transport.location;
  }

  static async open(config: DatabricksWarehouseConfig, env: Record<string, string | undefined>): Promise<DatabricksWarehouse> {
    const driver = resolveDriver(config, env);
    const transport = await openTransport(config, driver, env);
    const dialect = new DatabricksDialect({ sessionTables: driver === 'spark-thrift' ? 'parquet' : 'delta' });
    const wh = new DatabricksWarehouse(transport, `cpm_session_${randomBytes(6).toString('hex')}`, dialect);
    try {
      await wh.startSession(config, driver);
    } catch (error) {
      await transport.close().catch(() => {});
      throw error;
    }
    return wh;
  }

  private async startSession(config: DatabricksWarehouseConfig, driver: Driver): Promise<void> {
    const d = this.dialect;
    if (driver === 'spark-thrift') {
      // Delta 4.4's data skipping fails on a date filter against a scalar subquery under the
      // Thrift server's java8API dates (ClassCastException: LocalDate cannot be cast to
      // java.sql.Date); file statistics buy nothing at cpm's table sizes, so neither is used.
      await this.execute('SET spark.databricks.delta.stats.skipping = false');
      await this.execute('SET spark.databricks.delta.stats.collect = false');
    }
    // Timestamps are wall-clock values on every engine (TIMESTAMP WITHOUT TIME ZONE elsewhere).
    await this.execute("SET TIME ZONE 'UTC'");
    if (config.catalog) await this.execute(`USE CATALOG ${d.quoteIdent(config.catalog)}`);
    await this.execute(d.createSchema(this.scratchSchema));
    await this.execute(`USE SCHEMA ${d.quoteIdent(this.scratchSchema)}`);
    for (const sql of d.setupStatements()) await this.execute(sql);
  }

  async execute(sql: string): Promise<void> {
    for (const statement of splitStatements(sql)) await this.transport.run(statement);
  }

  /** The rows of the last statement of the script. */
  async query(sql: string): Promise<Row[]> {
    let rows: Row[] = [];
    for (const statement of splitStatements(sql)) rows = await this.transport.run(statement);
    return rows;
  }

  async tableExists(table: TableRef): Promise<boolean> {
    return (await this.columns(table)).length > 0;
  }

  async listTables(schema: string): Promise<string[]> {
    const rows = await this.lookup(`SHOW TABLES IN ${this.dialect.quoteIdent(schema)}`);
    return rows
      .filter((r) => r['isTemporary'] !== true)
      .map((r) => String(r['tableName']))
      .sort();
  }

  async columns(table: TableRef): Promise<string[]> {
    const rows = await this.lookup(`SHOW COLUMNS IN ${this.dialect.table(table.schema, table.name)}`);
    return rows.map((r) => String(r['col_name']));
  }

  /** Runs a catalog lookup; a missing table or schema is an empty answer. */
  private async lookup(sql: string): Promise<Row[]> {
    try {
      return await this.transport.run(sql);
    } catch (error) {
      if (error instanceof SparkSqlError && notFound.test(error.message)) return [];
      throw error;
    }
  }

  async fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]> {
    return this.files.fileColumns(file, format, csv);
  }

  /** The files are parsed and checked by the same reader as on DuckDB (so rejects are the same),
   * written as one CSV, and appended from it with one INSERT that casts each column to the
   * raw table's type (the source columns are text; the lineage columns are not). */
  async landFiles(spec: FileLanding): Promise<LandingResult> {
    const prepared = await this.files.prepare(spec);
    try {
      const d = this.dialect;
      const target = d.table(spec.table.schema, spec.table.name);
      const names = prepared.columns;
      const types = await this.columnTypes(target);
      const staged = await this.transport.stageCsv(prepared.csvPath, names.length);
      try {
        const select = names.map((c, i) => {
          const type = types.get(c.toLowerCase()) ?? 'string';
          return `${type === 'string' ? `c${i}` : `CAST(c${i} AS ${type})`} AS ${d.quoteIdent(c)}`;
        });
        await this.execute(`INSERT INTO ${target} (${names.map((c) => d.quoteIdent(c)).join(', ')}) SELECT ${select.join(', ')} FROM ${staged.relation}`);
      } finally {
        await staged.release();
      }
      return { rows: prepared.rows, rejected: prepared.rejected };
    } finally {
      prepared.dispose();
    }
  }

  /** Column name (lower case, as Spark resolves names) -> Spark type, from DESCRIBE TABLE. */
  private async columnTypes(table: string): Promise<Map<string, string>> {
    const rows = await this.query(`DESCRIBE TABLE ${table}`);
    const types = new Map<string, string>();
    for (const r of rows) {
      const name = String(r['col_name'] ?? '');
      if (name === '' || name.startsWith('#')) break; // partition and detail sections follow
      types.set(name.toLowerCase(), String(r['data_type']).toLowerCase());
    }
    return types;
  }

  /** The table's current Delta version and the time of that commit: nothing is copied. The
   * time tells the version apart from the same number in the history of a table made again. */
  async snapshot(table: TableRef): Promise<TableSnapshot> {
    const [row] = await this.query(this.dialect.tableVersion(this.dialect.table(table.schema, table.name)));
    if (row?.['version'] === undefined || row['version'] === null) throw new Error(`no version of ${table.schema}.${table.name} to snapshot`);
    return { table, method: 'delta_version', version: `${row['version']}@${row['timestamp']}` };
  }

  /**
   * RESTORE TABLE ... TO VERSION AS OF (one Delta commit), after checking that the table's history
   * still holds that commit: a table dropped and created since has a new history, and VACUUM
   * removes the files of old versions (delta.deletedFileRetentionDuration, 7 days by default).
   */
  async restore(snapshot: TableSnapshot): Promise<void> {
    const d = this.dialect;
    const { schema, name } = snapshot.table;
    const [version, at] = snapshot.version.split('@');
    if (snapshot.method !== 'delta_version' || !version || !at) throw new Error(`"${snapshot.version}" is not a Delta version of ${schema}.${name}`);
    const table = d.table(schema, name);
    if (!(await this.tableExists(snapshot.table))) throw new Error(`cannot restore ${schema}.${name} to Delta version ${version}: the table is gone (a dropped Delta table takes its history with it)`);
    const history = await this.query(`DESCRIBE HISTORY ${table}`);
    const commit = history.find((h) => String(h['version']) === version);
    if (!commit || String(commit['timestamp']) !== at) {
      throw new Error(`cannot restore ${schema}.${name} to Delta version ${version} of ${at}: the table's history no longer holds that commit (the table was created again since)`);
    }
    if (String(history[0]?.['version']) === version) return; // already that version
    await this.execute(d.restoreTable(table, version));
  }

  /** Drops the session's scratch schema with its session tables, then disconnects. */
  async close(): Promise<void> {
    try {
      await this.execute(`DROP SCHEMA IF EXISTS ${this.dialect.quoteIdent(this.scratchSchema)} CASCADE`);
    } finally {
      await this.files.close();
      await this.transport.close();
    }
  }
}
