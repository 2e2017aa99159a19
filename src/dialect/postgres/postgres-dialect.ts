// PostgreSQL ("standard SQL"), version 15 or later (MERGE).
// Docs: https://www.postgresql.org/docs/15/functions-formatting.html
import { BaseDialect } from '../base-dialect.js';
import type { DateUnit, DayPart, DialectCapabilities, LogicalType, SessionLockSql } from '../dialect.js';
import { strftimeToRegex } from '../strftime.js';
import { strftimeToPostgres } from './formats.js';
import { postgresHelperFunctions } from './helper-functions.js';
import { generateSeriesDateSpine, isoDayPartSql } from '../portable-dates.js';

export class PostgresDialect extends BaseDialect {
  readonly name = 'postgres';
  override readonly capabilities: DialectCapabilities = {
    supportsMerge: true,
    supportsMultiTableTransactions: true,
    supportsSchemas: true,
    maxTableColumns: 1600, // https://www.postgresql.org/docs/current/limits.html
  };

  override type(t: LogicalType): string {
    return t === 'text' ? 'TEXT' : super.type(t);
  }

  // PostgreSQL has no CREATE OR REPLACE TABLE. A new table has no statistics until autovacuum
  // gets to it (temporary tables never), and the next statement usually joins it: without them
  // the planner guesses a few hundred rows and picks nested loops over 100,000s. ANALYZE samples
  // 30,000 rows (default_statistics_target 100), well under a second.
  override createTableAs(table: string, select: string, replace = true): string {
    const create = `CREATE TABLE ${table} AS ${select};\nANALYZE ${table}`;
    return replace ? `${this.dropTable(table)};\n${create}` : create;
  }

  // Views on the table (staging.events) would block the drop; the run that rebuilds the table
  // rebuilds them after it, as every model downstream is rebuilt in ref order.
  override dropTable(table: string): string {
    return `DROP TABLE IF EXISTS ${table} CASCADE`;
  }

  // CREATE OR REPLACE VIEW keeps the views built on this one (golden.engagement_events on
  // staging.events), but cannot drop or reorder columns; when the shape changed, the view is
  // dropped with its dependents (which their own step rebuilds) and created anew.
  override createView(view: string, select: string): string {
    const tag = '$cpm_view$';
    return `DO $cpm$ BEGIN
  EXECUTE ${tag}CREATE OR REPLACE VIEW ${view} AS ${select}${tag};
EXCEPTION WHEN invalid_table_definition OR datatype_mismatch OR feature_not_supported THEN
  EXECUTE ${tag}DROP VIEW IF EXISTS ${view} CASCADE${tag};
  EXECUTE ${tag}CREATE VIEW ${view} AS ${select}${tag};
END $cpm$`;
  }

  override createTempTableAs(name: string, select: string): string {
    return `DROP TABLE IF EXISTS pg_temp.${name};\nCREATE TEMPORARY TABLE ${name} AS ${select};\nANALYZE ${name}`;
  }

  // to_timestamp() is lenient about shape, so the text is first checked against a pattern
  // derived from the same strftime format DuckDB uses; see helper-functions.ts.
  override tryParseDate(expr: string, format: string): string {
    return `CAST(${this.tryParseTimestamp(expr, format)} AS DATE)`;
  }

  override tryParseTimestamp(expr: string, format: string): string {
    return `cpm_try_timestamp(${expr}, ${this.stringLiteral(strftimeToPostgres(format))}, ${this.stringLiteral(strftimeToRegex(format))})`;
  }

  override timestampToText(expr: string): string {
    return `TO_CHAR(${expr}, 'YYYY-MM-DD HH24:MI:SS')`;
  }

  override regexReplace(expr: string, pattern: string, replacement: string): string {
    return `REGEXP_REPLACE(${expr}, ${this.stringLiteral(pattern)}, ${this.stringLiteral(replacement)}, 'g')`;
  }

  override regexMatches(expr: string, pattern: string): string {
    return `(${expr} ~ ${this.stringLiteral(pattern)})`;
  }

  override regexExtract(expr: string, pattern: string, group: number): string {
    return `NULLIF((REGEXP_MATCH(${expr}, ${this.stringLiteral(pattern)}))[${group}], '')`;
  }

  override dateAdd(expr: string, amount: number | string, unit: DateUnit): string {
    const [n, u] = unit === 'quarter' ? [`3 * (${amount})`, 'month'] : [`${amount}`, unit];
    return `(${expr} + (${n}) * INTERVAL '1 ${u}')`;
  }

  override dateDiff(unit: DateUnit, start: string, end: string): string {
    return `cpm_date_diff(${this.stringLiteral(unit)}, CAST(${start} AS TIMESTAMP), CAST(${end} AS TIMESTAMP))`;
  }

  override dayPart(part: DayPart, expr: string): string {
    return isoDayPartSql(part, expr);
  }

  override dateSpine(start: string, end: string, column: string): string {
    return generateSeriesDateSpine(start, end, this.quoteIdent(column));
  }

  // No built-in Jaro-Winkler without an extension: cpm_jaro_winkler (helper-functions.ts)
  // re-implements DuckDB's and gives NULL for ''.
  override jaroWinkler(a: string, b: string): string {
    return `cpm_jaro_winkler(LOWER(${a}), LOWER(${b}))`;
  }


  // The same SQL as on DuckDB, wrapped in a function (helper-functions.ts) to keep models short.
  override soundex(expr: string): string {
    return `cpm_soundex(${expr})`;
  }

  // string_to_array('') is already empty, and NULL gives no rows.
  override splitToRows(expr: string, delimiter: string, alias: string): string {
    if (delimiter === '') throw new Error('splitToRows needs a non-empty delimiter');
    return `LATERAL UNNEST(STRING_TO_ARRAY(${expr}, ${this.stringLiteral(delimiter)})) WITH ORDINALITY AS ${alias}(token, pos)`;
  }

  override jsonObject(entries: Array<[key: string, expr: string]>): string {
    const args = entries.map(([key, expr]) => `${this.stringLiteral(key)}, ${expr}`).join(', ');
    return `CAST(JSON_BUILD_OBJECT(${args}) AS TEXT)`;
  }

  override uuid(): string {
    return 'gen_random_uuid()';
  }

  // sha256() takes bytes: https://www.postgresql.org/docs/15/functions-binarystring.html
  override sha256(expr: string): string {
    return `ENCODE(SHA256(CONVERT_TO(${expr}, 'UTF8')), 'hex')`;
  }

  override setupStatements(): string[] {
    return postgresHelperFunctions;
  }

  // Session-level advisory locks: held until released or the connection ends, which the server
  // notices at once when the client process dies. They are local to the database, and a key
  // below 2^31 shows in pg_locks as objid with classid 0.
  // https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
  override sessionLock(): SessionLockSql {
    return {
      tryAcquire: (key) => `SELECT pg_try_advisory_lock(${Math.trunc(key)}) AS acquired`,
      // application_name holds at most 63 bytes: longer text is cut by the server.
      label: (text) => `SET application_name = ${this.stringLiteral(text.slice(0, 63))}`,
      holder: (key) =>
        `SELECT a.application_name AS holder, CAST(a.client_addr AS TEXT) AS address, CAST(a.backend_start AS TEXT) AS since ` +
        `FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid ` +
        `WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = ${Math.trunc(key)} AND l.objsubid = 1 ` +
        `AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    };
  }
}
