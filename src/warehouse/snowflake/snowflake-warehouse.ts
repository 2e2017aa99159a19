// Snowflake through snowflake-sdk (https://docs.snowflake.com/en/developer-guide/node-js/nodejs-driver).
// One statement per execute (multi-statement text needs MULTI_STATEMENT_COUNT, which the
// emulator does not serve). Files land through DuckDbFileReader.prepare, like PostgreSQL, then
// PUT + COPY INTO (stage-load.ts), so parsing and rejects are the same on every engine.
import snowflake, { type Column, type Connection, type SnowflakeError } from 'snowflake-sdk';
import type { SnowflakeWarehouseConfig } from '../../config/project-schema.js';
import type { CsvOptions } from '../../config/sources-schema.js';
import { SnowflakeDialect } from '../../dialect/snowflake/snowflake-dialect.js';
import { DuckDbFileReader } from '../duckdb/file-reader.js';
import type { FileLanding, LandingResult, Row, TableRef, TableSnapshot, Warehouse } from '../warehouse.js';
import { snowflakeSettings } from './connection-options.js';
import { columnName, toRowValue } from './snowflake-values.js';
import { rowsLoaded, stageLoadSql } from './stage-load.js';
import { statementLog } from './statement-log.js';

// The driver logs to stdout at INFO by default; cpm prints its own progress.
snowflake.configure({ logLevel: 'ERROR' });

/**
 * Shared SQL writes its own column names both quoted ("batch_id" in CREATE TABLE) and unquoted
 * (batch_id in a WHERE), as DuckDB and PostgreSQL (lower-case names) allow. Snowflake folds
 * unquoted names to upper case, so quoted names are made to resolve the same way.
 * https://docs.snowflake.com/en/sql-reference/identifiers-syntax#label-identifier-casing
 * TIMEZONE: CURRENT_TIMESTAMP and the TIMESTAMP_LTZ -> NTZ casts read UTC, like the other engines.
 */
const sessionSettings = "ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE TIMEZONE = 'UTC'";

/** The clone a restore swaps in, beside the table it restores. */
const restoringSuffix = '__cpm_restore';

export class SnowflakeWarehouse implements Warehouse {
  readonly dialect = new SnowflakeDialect();
  private readonly files = new DuckDbFileReader();
  private readonly stages = new Set<string>();

  private constructor(
    private readonly conn: Connection,
    readonly location: string,
    private readonly log: ((sql: string) => void) | undefined,
  ) {}

  static async open(config: SnowflakeWarehouseConfig, env: NodeJS.ProcessEnv): Promise<SnowflakeWarehouse> {
    const settings = snowflakeSettings(config, env);
    const conn = snowflake.createConnection(settings.options);
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
    const wh = new SnowflakeWarehouse(conn, settings.location, statementLog(env));
    await wh.execute(sessionSettings);
    return wh;
  }

  private run(sql: string): Promise<{ rows: unknown[][]; columns: Column[] }> {
    this.log?.(sql);
    return new Promise((resolve, reject) =>
      this.conn.execute({
        sqlText: sql,
        rowMode: 'array',
        fetchAsString: ['Number'],
        complete: (err, stmt, rows) => (err ? reject(statementError(err, sql)) : resolve({ rows: (rows ?? []) as unknown[][], columns: stmt.getColumns() ?? [] })),
      }),
    );
  }

  async execute(sql: string): Promise<void> {
    await this.run(sql);
  }

  async query(sql: string): Promise<Row[]> {
    const { rows, columns } = await this.run(sql);
    const names = columns.map((c) => columnName(c.getName()));
    return rows.map((values) => {
      const row: Row = {};
      columns.forEach((c, i) => (row[names[i]!] = toRowValue(values[i], c)));
      return row;
    });
  }

  async tableExists(table: TableRef): Promise<boolean> {
    return (await this.columns(table)).length > 0;
  }

  // INFORMATION_SCHEMA holds names as stored: upper case under QUOTED_IDENTIFIERS_IGNORE_CASE.
  async listTables(schema: string): Promise<string[]> {
    const d = this.dialect;
    const rows = await this.query(`SELECT table_name AS "name" FROM information_schema.tables WHERE UPPER(table_schema) = UPPER(${d.stringLiteral(schema)}) ORDER BY 1`);
    return rows.map((r) => columnName(String(r['name']))).sort();
  }

  async columns(table: TableRef): Promise<string[]> {
    const d = this.dialect;
    const rows = await this.query(
      `SELECT column_name AS "name" FROM information_schema.columns WHERE UPPER(table_schema) = UPPER(${d.stringLiteral(table.schema)}) AND UPPER(table_name) = UPPER(${d.stringLiteral(table.name)}) ORDER BY ordinal_position`,
    );
    return rows.map((r) => columnName(String(r['name'])));
  }

  async fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]> {
    return this.files.fileColumns(file, format, csv);
  }

  async landFiles(spec: FileLanding): Promise<LandingResult> {
    const prepared = await this.files.prepare(spec);
    try {
      if (prepared.rows === 0) return { rows: 0, rejected: prepared.rejected };
      const target = this.dialect.table(spec.table.schema, spec.table.name);
      const columns = prepared.columns;
      const sql = stageLoadSql(this.dialect, spec.table.schema, target, columns, prepared.csvPath, spec.batchId);
      if (!this.stages.has(spec.table.schema)) {
        await this.execute(sql.createStage);
        this.stages.add(spec.table.schema);
      }
      await this.execute(sql.put);
      const loaded = rowsLoaded(await this.query(sql.copy));
      if (loaded !== prepared.rows) throw new Error(`COPY INTO ${target} loaded ${loaded} rows of ${prepared.rows} (batch ${spec.batchId})`);
      return { rows: loaded, rejected: prepared.rejected };
    } finally {
      prepared.dispose();
    }
  }

  /**
   * A zero-copy CLONE of the table into `into` (https://docs.snowflake.com/en/sql-reference/sql/create-clone),
   * not time travel: a clone lasts as long as the snapshot is kept, at any
   * DATA_RETENTION_TIME_IN_DAYS, and works on the emulator. The dialect's tableVersion and
   * restoreTable render the time-travel way.
   */
  async snapshot(table: TableRef, into: TableRef): Promise<TableSnapshot> {
    const d = this.dialect;
    if (!(await this.tableExists(table))) throw new Error(`cannot snapshot ${table.schema}.${table.name}: the table does not exist`);
    await this.execute(d.createSchema(into.schema));
    for (const sql of d.cloneTable(d.table(table.schema, table.name), d.table(into.schema, into.name))) await this.execute(sql);
    return { table, method: 'clone', version: `${into.schema}.${into.name}` };
  }

  /**
   * Clones the snapshot beside the table and SWAPs the two, so the table changes in one atomic
   * step; a table that is gone is cloned into place. The snapshot itself stays (a rollback can be
   * repeated, or undone by rolling forward).
   */
  async restore(snapshot: TableSnapshot): Promise<void> {
    const d = this.dialect;
    const { schema, name } = snapshot.table;
    const kept = cloneRef(snapshot);
    if (!(await this.tableExists(kept))) throw new Error(`the snapshot ${snapshot.version} of ${schema}.${name} is gone`);
    const source = d.table(kept.schema, kept.name);
    if (!(await this.tableExists(snapshot.table))) {
      await this.execute(`CREATE TABLE ${d.table(schema, name)} CLONE ${source}`);
      return;
    }
    const restoring = d.table(schema, `${name}${restoringSuffix}`);
    for (const sql of d.cloneTable(source, restoring)) await this.execute(sql);
    await this.execute(d.swapTables(d.table(schema, name), restoring));
    await this.execute(d.dropTable(restoring));
  }

  async close(): Promise<void> {
    await this.files.close();
    await new Promise<void>((resolve) => this.conn.destroy(() => resolve()));
  }
}

function cloneRef(snapshot: TableSnapshot): TableRef {
  const [schema, name, extra] = snapshot.version.split('.');
  if (snapshot.method !== 'clone' || !schema || !name || extra !== undefined) throw new Error(`"${snapshot.version}" is not a clone of ${snapshot.table.schema}.${snapshot.table.name}`);
  return { schema, name };
}

/** Snowflake's error code and message, and the start of the statement that failed. */
function statementError(err: SnowflakeError, sql: string): Error {
  const code = err.code ? ` ${err.code}` : '';
  const state = err.sqlState ? ` (${err.sqlState})` : '';
  const start = sql.replace(/\s+/g, ' ').trim();
  return new Error(`Snowflake error${code}${state}: ${err.message}\n  in: ${start.length > 300 ? `${start.slice(0, 300)}…` : start}`, { cause: err });
}
