// Snowflake. Docs: https://docs.snowflake.com/en/sql-reference-functions
// Names are double-quoted as written (case-sensitive in Snowflake); the warehouse adapter makes
// them resolve like the unquoted names shared SQL also writes (see snowflake-warehouse.ts).
import { BaseDialect } from '../base-dialect.js';
import type { AsidePublish, DateUnit, DayPart, DialectCapabilities, LogicalType } from '../dialect.js';
import { strftimeToRegex } from '../strftime.js';
import { strftimeToSnowflake } from './formats.js';

export class SnowflakeDialect extends BaseDialect {
  readonly name = 'snowflake';
  override readonly capabilities: DialectCapabilities = {
    supportsMerge: true,
    // DML on several tables commits or rolls back together. DDL (CREATE, DROP, ALTER ... RENAME)
    // commits the open transaction and runs in its own, so a list of DDL statements (the golden
    // publish) is not atomic here: https://docs.snowflake.com/en/sql-reference/transactions#ddl
    supportsMultiTableTransactions: true,
    supportsSchemas: true,
  };

  // Backslash starts an escape sequence in Snowflake string literals.
  override stringLiteral(value: string): string {
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }

  // https://docs.snowflake.com/en/sql-reference/intro-summary-data-types
  override type(t: LogicalType): string {
    const types: Record<LogicalType, string> = {
      text: 'VARCHAR',
      integer: 'NUMBER(38,0)',
      bigint: 'NUMBER(38,0)',
      decimal: 'NUMBER(14,2)',
      double: 'DOUBLE',
      boolean: 'BOOLEAN',
      date: 'DATE',
      timestamp: 'TIMESTAMP_NTZ',
    };
    return types[t];
  }

  // An unqualified new name would move the table into the session's current schema:
  // https://docs.snowflake.com/en/sql-reference/sql/alter-table (RENAME TO).
  override renameTable(table: string, to: string): string {
    const dot = table.lastIndexOf('".');
    const schema = dot >= 0 ? table.slice(0, dot + 2) : '';
    return `ALTER TABLE ${table} RENAME TO ${schema}${this.quoteIdent(to)}`;
  }

  /**
   * DDL commits on its own here, so the publish cannot be one transaction: SWAP WITH exchanges
   * the two tables in one atomic metadata operation (no copy), and the old version, now under
   * the aside name, is dropped once every table is in place. A first publish renames.
   * https://docs.snowflake.com/en/sql-reference/sql/alter-table (SWAP WITH)
   */
  override publishAside(schema: string, name: string, aside: string, exists: boolean): AsidePublish {
    const [table, next] = [this.table(schema, name), this.table(schema, aside)];
    if (!exists) return { swap: [this.renameTable(next, name)], cleanup: [] };
    return { swap: [this.swapTables(table, next)], cleanup: [this.dropTable(next)] };
  }

  /** Exchanges two tables' contents and metadata in one atomic operation. */
  swapTables(a: string, b: string): string {
    return `ALTER TABLE ${a} SWAP WITH ${b}`;
  }

  // TRY_TO_DATE/TRY_TO_TIMESTAMP accept more shapes than strptime (one-digit years, trailing
  // text in AUTO mode), so the text is first held to the shape the strftime format describes,
  // as on PostgreSQL. https://docs.snowflake.com/en/sql-reference/functions/try_to_date
  override tryParseDate(expr: string, format: string): string {
    return `CASE WHEN ${this.regexMatches(expr, strftimeToRegex(format))} THEN TRY_TO_DATE(${expr}, ${this.stringLiteral(strftimeToSnowflake(format))}) END`;
  }

  override tryParseTimestamp(expr: string, format: string): string {
    return `CASE WHEN ${this.regexMatches(expr, strftimeToRegex(format))} THEN TRY_TO_TIMESTAMP_NTZ(${expr}, ${this.stringLiteral(strftimeToSnowflake(format))}) END`;
  }

  override timestampToText(expr: string): string {
    return `TO_CHAR(${expr}, 'YYYY-MM-DD HH24:MI:SS')`;
  }

  // REGEXP_REPLACE replaces every occurrence by default; \1 in the replacement is a group.
  override regexReplace(expr: string, pattern: string, replacement: string): string {
    return `REGEXP_REPLACE(${expr}, ${this.stringLiteral(pattern)}, ${this.stringLiteral(replacement)})`;
  }

  // REGEXP_LIKE matches the whole subject (https://docs.snowflake.com/en/sql-reference/functions/regexp_like);
  // the other engines search, so the pattern is wrapped, with 's' letting `.` match a newline.
  override regexMatches(expr: string, pattern: string): string {
    return `REGEXP_LIKE(${expr}, ${this.stringLiteral(`.*(${pattern}).*`)}, 's')`;
  }

  // 'e' extracts a group; NULL when nothing matches, '' made NULL like the other engines.
  override regexExtract(expr: string, pattern: string, group: number): string {
    return `NULLIF(REGEXP_SUBSTR(${expr}, ${this.stringLiteral(pattern)}, 1, 1, 'e', ${group}), '')`;
  }

  override dateAdd(expr: string, amount: number | string, unit: DateUnit): string {
    return `DATEADD(${unit}, ${amount}, ${expr})`;
  }

  // Snowflake's DATEDIFF counts unit boundaries crossed, the convention of every dialect here.
  override dateDiff(unit: DateUnit, start: string, end: string): string {
    return `DATEDIFF(${unit}, ${start}, ${end})`;
  }

  // https://docs.snowflake.com/en/sql-reference/functions/year (DAYOFWEEKISO, DAYOFYEAR, WEEKISO)
  override dayPart(part: DayPart, expr: string): string {
    const fn = { iso_day_of_week: 'DAYOFWEEKISO', day_of_year: 'DAYOFYEAR', iso_week: 'WEEKISO' }[part];
    return `CAST(${fn}(${expr}) AS INTEGER)`;
  }

  // GENERATOR's ROWCOUNT must be a constant, so the days come from an array of offsets.
  override dateSpine(start: string, end: string, column: string): string {
    return `SELECT CAST(DATEADD(day, g.index, ${start}) AS DATE) AS ${this.quoteIdent(column)} FROM TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(day, ${start}, ${end}) + 1))) AS g`;
  }

  /**
   * JAROWINKLER_SIMILARITY is case-insensitive and an integer 0..100: DuckDB's value rounded to
   * two digits, so a score within 0.005 of a threshold can fall on the other side of it than on
   * DuckDB. https://docs.snowflake.com/en/sql-reference/functions/jarowinkler_similarity
   */
  override jaroWinkler(a: string, b: string): string {
    return `(CAST(JAROWINKLER_SIMILARITY(LOWER(NULLIF(${a}, '')), LOWER(NULLIF(${b}, ''))) AS DOUBLE) / 100)`;
  }

  // SOUNDEX gives '' for text without letters and reads non-ASCII letters; the convention counts
  // ASCII letters only and gives NULL. https://docs.snowflake.com/en/sql-reference/functions/soundex
  override soundex(expr: string): string {
    return `SOUNDEX(NULLIF(REGEXP_REPLACE(${expr}, '[^A-Za-z]+', ''), ''))`;
  }

  // SPLIT('') is [''] (one empty token), hence NULLIF; FLATTEN of NULL gives no rows.
  // https://docs.snowflake.com/en/sql-reference/functions/flatten
  override splitToRows(expr: string, delimiter: string, alias: string): string {
    if (delimiter === '') throw new Error('splitToRows needs a non-empty delimiter');
    return `LATERAL (SELECT CAST(f.value AS VARCHAR) AS token, f.index + 1 AS pos FROM TABLE(FLATTEN(input => SPLIT(NULLIF(${expr}, ''), ${this.stringLiteral(delimiter)}))) AS f) AS ${alias}`;
  }

  // LISTAGG gives '' where STRING_AGG gives NULL (no non-NULL value).
  // https://docs.snowflake.com/en/sql-reference/functions/listagg
  override stringAgg(expr: string, separator: string, orderBy: string): string {
    const text = this.cast(expr, 'text');
    return `CASE WHEN COUNT(${text}) > 0 THEN LISTAGG(${text}, ${this.stringLiteral(separator)}) WITHIN GROUP (ORDER BY ${orderBy}) END`;
  }

  // OBJECT_CONSTRUCT drops NULL values; the _KEEP_NULL variant keeps them as JSON null.
  override jsonObject(entries: Array<[key: string, expr: string]>): string {
    const args = entries.map(([key, expr]) => `${this.stringLiteral(key)}, ${expr}`).join(', ');
    return `TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(${args}))`;
  }

  // No UUID type to print 32 hex digits as 8-4-4-4-12; MD5 is lower-case hex already.
  override uuidFromText(expr: string): string {
    return `REGEXP_REPLACE(${this.md5(expr)}, '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\\\1-\\\\2-\\\\3-\\\\4-\\\\5')`;
  }

  override uuid(): string {
    return 'UUID_STRING()';
  }

  // Names may be stored upper-cased (QUOTED_IDENTIFIERS_IGNORE_CASE), as the adapter's lookups assume.
  // A stored name without a lower-case letter is given back in lower case, as the warehouse's
  // columnName() does for result columns: cpm's own names are lower case.
  override describeColumns(schema: string, table: string): string {
    return (
      `SELECT CASE WHEN column_name = UPPER(column_name) THEN LOWER(column_name) ELSE column_name END AS "column_name", data_type AS "data_type" FROM information_schema.columns ` +
      `WHERE UPPER(table_schema) = UPPER(${this.stringLiteral(schema)}) AND UPPER(table_name) = UPPER(${this.stringLiteral(table)}) ORDER BY ordinal_position`
    );
  }

  // Rollback ---------------------------------------------------------------------------------
  // Time travel (https://docs.snowflake.com/en/user-guide/data-time-travel): a version is a
  // point in time within the table's DATA_RETENTION_TIME_IN_DAYS (1 day by default).
  override tableVersion(_table: string): string {
    return `SELECT TO_VARCHAR(CURRENT_TIMESTAMP(), ${this.stringLiteral(versionFormat)}) AS "version"`;
  }

  // A table can be cloned onto its own name as it was at an earlier time.
  override restoreTable(table: string, version: string): string {
    return `CREATE OR REPLACE TABLE ${table} CLONE ${table} AT(TIMESTAMP => TO_TIMESTAMP_TZ(${this.stringLiteral(version)}, ${this.stringLiteral(versionFormat)}))`;
  }

  /** The table as it was `seconds` ago (time travel). */
  restoreTableToOffset(table: string, seconds: number): string {
    if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`restoreTableToOffset needs a positive whole number of seconds, not ${seconds}`);
    return `CREATE OR REPLACE TABLE ${table} CLONE ${table} AT(OFFSET => -${seconds})`;
  }

  /** Brings back the most recently dropped table of that name (time travel). */
  undropTable(table: string): string {
    return `UNDROP TABLE ${table}`;
  }

  /**
   * A zero-copy clone of `source` under the name `target` (https://docs.snowflake.com/en/sql-reference/sql/create-clone),
   * replacing it: the snapshot and restore of the warehouse, which need no time travel. Two
   * statements: CREATE OR REPLACE ... CLONE fails on the emulator when the target exists.
   */
  cloneTable(source: string, target: string): string[] {
    return [this.dropTable(target), `CREATE TABLE ${target} CLONE ${source}`];
  }
}

/** The text of a time-travel version: CURRENT_TIMESTAMP to the nanosecond, with its offset. */
const versionFormat = 'YYYY-MM-DD HH24:MI:SS.FF9 TZHTZM';
