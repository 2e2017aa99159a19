// Defaults shared by every engine (ANSI SQL where it exists). Engines override the hooks
// that differ; a hook no engine has taught throws, naming the dialect.
import type { AsidePublish, DateUnit, DayPart, Dialect, DialectCapabilities, LogicalType, MergeSpec, SessionLockSql } from './dialect.js';
import { latinAccents } from './portable-text.js';

export class UnsupportedByDialectError extends Error {
  constructor(dialect: string, feature: string) {
    super(`the ${dialect} dialect does not implement ${feature}`);
    this.name = 'UnsupportedByDialectError';
  }
}

export abstract class BaseDialect implements Dialect {
  abstract readonly name: string;
  readonly capabilities: DialectCapabilities = {
    supportsMerge: false,
    supportsMultiTableTransactions: false,
    supportsSchemas: true,
  };

  protected unsupported(feature: string): never {
    throw new UnsupportedByDialectError(this.name, feature);
  }

  quoteIdent(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  table(schema: string, name: string): string {
    return `${this.quoteIdent(schema)}.${this.quoteIdent(name)}`;
  }

  stringLiteral(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
  }

  literal(value: string | number | boolean | null): string {
    if (value === null) return 'NULL';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
      return String(value);
    }
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    return this.stringLiteral(value);
  }

  type(t: LogicalType): string {
    const types: Record<LogicalType, string> = {
      text: 'VARCHAR',
      integer: 'INTEGER',
      bigint: 'BIGINT',
      decimal: 'DECIMAL(14,2)',
      double: 'DOUBLE PRECISION',
      boolean: 'BOOLEAN',
      date: 'DATE',
      timestamp: 'TIMESTAMP',
    };
    return types[t];
  }

  createSchema(schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${this.quoteIdent(schema)}`;
  }

  createTable(table: string, columns: ReadonlyArray<readonly [name: string, type: LogicalType]>, ifNotExists = false): string {
    const cols = columns.map(([c, t]) => `${this.quoteIdent(c)} ${this.type(t)}`).join(', ');
    return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${table} (${cols})`;
  }

  createTableAs(table: string, select: string, replace = true): string {
    return replace ? `CREATE OR REPLACE TABLE ${table} AS ${select}` : `CREATE TABLE ${table} AS ${select}`;
  }

  renameTable(table: string, to: string): string {
    return `ALTER TABLE ${table} RENAME TO ${this.quoteIdent(to)}`;
  }

  publishAside(schema: string, name: string, aside: string, _exists: boolean): AsidePublish {
    return { swap: [this.dropTable(this.table(schema, name)), this.renameTable(this.table(schema, aside), name)], cleanup: [] };
  }

  dropColumn(table: string, column: string): string {
    return `ALTER TABLE ${table} DROP COLUMN ${this.quoteIdent(column)}`;
  }

  createView(view: string, select: string): string {
    return `CREATE OR REPLACE VIEW ${view} AS ${select}`;
  }

  createTempTableAs(name: string, select: string): string {
    return `CREATE OR REPLACE TEMPORARY TABLE ${name} AS ${select}`;
  }

  dropTable(table: string): string {
    return `DROP TABLE IF EXISTS ${table}`;
  }

  dropView(view: string): string {
    return `DROP VIEW IF EXISTS ${view}`;
  }

  merge(spec: MergeSpec): string {
    if (!this.capabilities.supportsMerge) this.unsupported('MERGE');
    const q = (c: string) => this.quoteIdent(c);
    const on = spec.keys.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
    const updates = spec.columns.filter((c) => !spec.keys.includes(c)).map((c) => `${q(c)} = s.${q(c)}`);
    const matched = updates.length
      ? `WHEN MATCHED${spec.updateWhen ? ` AND (${spec.updateWhen})` : ''} THEN UPDATE SET ${updates.join(', ')}\n`
      : '';
    return (
      `MERGE INTO ${spec.target} AS t\nUSING (${spec.source}) AS s\nON ${on}\n` +
      matched +
      `WHEN NOT MATCHED THEN INSERT (${spec.columns.map(q).join(', ')}) VALUES (${spec.columns.map((c) => `s.${q(c)}`).join(', ')})`
    );
  }

  upsert(spec: MergeSpec): string[] {
    return [this.merge(spec)];
  }

  deleteWhere(table: string, condition: string): string {
    return `DELETE FROM ${table} WHERE ${condition}`;
  }

  updateWhere(table: string, _columns: string[], set: ReadonlyArray<readonly [column: string, expr: string]>, condition: string): string {
    return `UPDATE ${table} SET ${set.map(([c, e]) => `${this.quoteIdent(c)} = ${e}`).join(', ')} WHERE ${condition}`;
  }

  cast(expr: string, t: LogicalType): string {
    return `CAST(${expr} AS ${this.type(t)})`;
  }

  /**
   * Numbers are checked against one pattern on every engine before the cast, so '1e5' or
   * ' 12 ' mean the same (invalid) everywhere instead of each engine's own leniency.
   */
  tryCast(expr: string, t: LogicalType): string {
    const patterns: Partial<Record<LogicalType, string>> = {
      integer: '^[+-]?[0-9]{1,9}$',
      bigint: '^[+-]?[0-9]{1,18}$',
      decimal: '^[+-]?([0-9]{1,12}([.][0-9]*)?|[.][0-9]+)$',
      double: '^[+-]?([0-9]{1,15}([.][0-9]*)?|[.][0-9]+)$',
    };
    const pattern = patterns[t];
    if (t === 'text') return this.cast(expr, 'text');
    if (!pattern) return this.unsupported(`tryCast to ${t}`);
    return `CASE WHEN ${this.regexMatches(expr, pattern)} THEN ${this.cast(expr, t)} END`;
  }

  tryParseDate(_expr: string, _format: string): string {
    return this.unsupported('tryParseDate');
  }

  tryParseTimestamp(_expr: string, _format: string): string {
    return this.unsupported('tryParseTimestamp');
  }

  timestampToText(_expr: string): string {
    return this.unsupported('timestampToText');
  }

  regexReplace(_expr: string, _pattern: string, _replacement: string): string {
    return this.unsupported('regexReplace');
  }

  regexMatches(_expr: string, _pattern: string): string {
    return this.unsupported('regexMatches');
  }

  regexExtract(_expr: string, _pattern: string, _group: number): string {
    return this.unsupported('regexExtract');
  }

  splitPart(expr: string, delimiter: string, index: number): string {
    return `SPLIT_PART(${expr}, ${this.stringLiteral(delimiter)}, ${index})`;
  }

  md5(expr: string): string {
    return `MD5(${expr})`;
  }

  /** SHA2(x, 256): Snowflake and Spark spell it so. */
  sha256(expr: string): string {
    return `SHA2(${expr}, 256)`;
  }

  concat(parts: string[]): string {
    return parts.length ? `(${parts.join(' || ')})` : "''";
  }

  dateAdd(_expr: string, _amount: number | string, _unit: DateUnit): string {
    return this.unsupported('dateAdd');
  }

  dateDiff(_unit: DateUnit, _start: string, _end: string): string {
    return this.unsupported('dateDiff');
  }

  dateTrunc(unit: DateUnit, expr: string): string {
    return `DATE_TRUNC(${this.stringLiteral(unit)}, ${expr})`;
  }

  datePart(part: 'year' | 'quarter' | 'month' | 'day', expr: string): string {
    return `CAST(EXTRACT(${part.toUpperCase()} FROM ${expr}) AS INTEGER)`;
  }

  dayPart(_part: DayPart, _expr: string): string {
    return this.unsupported('dayPart');
  }

  dateSpine(_start: string, _end: string, _column: string): string {
    return this.unsupported('dateSpine');
  }

  currentTimestamp(): string {
    return 'CURRENT_TIMESTAMP';
  }

  aggregateCall(name: string, arg: string, distinct: boolean): string {
    return `${name}(${distinct ? 'DISTINCT ' : ''}${arg})`;
  }

  rowNumber(partitionBy: string[], orderBy: string[]): string {
    const partition = partitionBy.length ? `PARTITION BY ${partitionBy.join(', ')} ` : '';
    return `ROW_NUMBER() OVER (${partition}ORDER BY ${orderBy.join(', ')})`;
  }

  jaroWinkler(_a: string, _b: string): string {
    return this.unsupported('jaroWinkler');
  }

  /** One TRANSLATE map on every engine (portable-text.ts). Most names are plain ASCII, and a long
   * TRANSLATE costs as much on them as on accented text, so those skip it. */
  stripAccents(expr: string): string {
    const translated = `TRANSLATE(${expr}, ${this.stringLiteral(latinAccents.from)}, ${this.stringLiteral(latinAccents.to)})`;
    return `CASE WHEN ${this.regexMatches(expr, '[^ -~]')} THEN ${translated} ELSE ${expr} END`;
  }

  soundex(_expr: string): string {
    return this.unsupported('soundex');
  }

  splitToRows(_expr: string, _delimiter: string, _alias: string): string {
    return this.unsupported('splitToRows');
  }

  /** STRING_AGG with an ordered argument list (DuckDB, PostgreSQL); it takes text only. */
  stringAgg(expr: string, separator: string, orderBy: string): string {
    return `STRING_AGG(${this.cast(expr, 'text')}, ${this.stringLiteral(separator)} ORDER BY ${orderBy})`;
  }

  jsonObject(_entries: Array<[key: string, expr: string]>): string {
    return this.unsupported('jsonObject');
  }

  // 32 hex digits read as a UUID print in the 8-4-4-4-12 form (faster than a regex rewrite).
  uuidFromText(expr: string): string {
    return `CAST(CAST(${this.md5(expr)} AS UUID) AS ${this.type('text')})`;
  }

  uuid(): string {
    return this.unsupported('uuid');
  }

  /** The SQL-standard catalog (DuckDB, PostgreSQL). */
  describeColumns(schema: string, table: string): string {
    return (
      `SELECT column_name, data_type FROM information_schema.columns ` +
      `WHERE table_schema = ${this.stringLiteral(schema)} AND table_name = ${this.stringLiteral(table)} ORDER BY ordinal_position`
    );
  }

  setupStatements(): string[] {
    return [];
  }

  sessionLock(): SessionLockSql | null {
    return null;
  }

  tableVersion(_table: string): string {
    return this.unsupported('tableVersion (time travel)');
  }

  restoreTable(_table: string, _version: string): string {
    return this.unsupported('restoreTable (time travel)');
  }
}
