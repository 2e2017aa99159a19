// A Dialect turns intent into SQL text for one engine. Pure: no I/O, no driver imports.
// The base class (base-dialect.ts) holds the ANSI-ish defaults; each engine overrides only
// what differs, and anything it cannot do throws an error naming the dialect.

export type LogicalType = 'text' | 'integer' | 'bigint' | 'decimal' | 'double' | 'boolean' | 'date' | 'timestamp';
export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type DayPart = 'iso_day_of_week' | 'day_of_year' | 'iso_week';

export interface DialectCapabilities {
  /** MERGE INTO ... WHEN MATCHED / NOT MATCHED. */
  supportsMerge: boolean;
  /** Several statements can run inside one transaction across tables. */
  supportsMultiTableTransactions: boolean;
  /** Schemas are namespaces (CREATE SCHEMA raw). */
  supportsSchemas: boolean;
  /** Most columns a table can have, where the engine has a limit (a very wide export is refused
   * with a clear error before landing instead of failing in CREATE TABLE). */
  maxTableColumns?: number;
}

export interface MergeSpec {
  target: string; // qualified, quoted table name
  source: string; // a SELECT producing the target's columns (already one row per key)
  keys: string[];
  columns: string[]; // every column to insert; non-key columns are updated
  /** SQL condition over `t` (target) and `s` (source) deciding whether a matched row is updated. */
  updateWhen?: string;
}

/** SQL of a lock an engine holds for one session (see Dialect.sessionLock). */
export interface SessionLockSql {
  /** One row with a boolean column `acquired`: whether the lock was taken now, without waiting. */
  tryAcquire(key: number): string;
  /** Names this session, so a run that finds the lock taken can say who holds it. */
  label(text: string): string;
  /** Rows of the session holding the lock: `holder` (its label), `address`, `since` (as text). */
  holder(key: number): string;
}

/** The statements of Dialect.publishAside for one table. */
export interface AsidePublish {
  /** Put the new version in place; each statement is atomic for its table. */
  swap: string[];
  /** Run once every table of the publish is in place: drop what is left beside them. */
  cleanup: string[];
}

export interface Dialect {
  readonly name: string;
  readonly capabilities: DialectCapabilities;

  quoteIdent(name: string): string;
  /** `schema.table`, quoted; engines without schemas map it consistently. */
  table(schema: string, name: string): string;
  stringLiteral(value: string): string;
  literal(value: string | number | boolean | null): string;
  type(t: LogicalType): string;

  createSchema(schema: string): string;
  /** An empty table with these columns (`IF NOT EXISTS` when asked). Engines add their table
   * format and options here (Delta on Spark, with column mapping for names like 'Order #'). */
  createTable(table: string, columns: ReadonlyArray<readonly [name: string, type: LogicalType]>, ifNotExists?: boolean): string;
  createTableAs(table: string, select: string, replace?: boolean): string;
  dropTable(table: string): string;
  dropView(view: string): string;
  /** Renames a table within its schema (`to` is the bare new name). */
  renameTable(table: string, to: string): string;
  /**
   * Puts `schema.aside`, a complete new version built beside the published `schema.name`, in its
   * place (src/publish/publish-aside.ts). The default, DROP + RENAME, is run by the caller inside
   * one transaction with the other tables of the publish (DuckDB, PostgreSQL). Engines whose DDL
   * cannot share a transaction replace the table in one atomic statement instead, so a crash part
   * way through a publish never leaves a table missing, and running the publish again is safe.
   * `exists`: whether `schema.name` exists now.
   */
  publishAside(schema: string, name: string, aside: string, exists: boolean): AsidePublish;
  dropColumn(table: string, column: string): string;
  /** Replaces a view (its columns may change). */
  createView(view: string, select: string): string;
  /** A session-private table, replaced if it exists. `name` is a bare, quoted identifier. */
  createTempTableAs(name: string, select: string): string;
  merge(spec: MergeSpec): string;
  /**
   * Statements, to run in one transaction, that leave the target as merge(spec) would, for a
   * spec whose columns are all the target's columns. The engine's cheapest way: MERGE by
   * default; DuckDB deletes and re-inserts instead.
   */
  upsert(spec: MergeSpec): string[];
  /** `DELETE FROM table WHERE condition`, for conditions with subqueries (IN (SELECT ...), or an
   * EXISTS that names the table by its qualified name): Delta's DELETE takes none. */
  deleteWhere(table: string, condition: string): string;
  /**
   * `UPDATE table SET column = expr, … WHERE condition`, for conditions with subqueries. `columns`
   * are all the table's columns in order: Delta's UPDATE takes no subquery either, so Spark
   * rewrites the table with the assignments applied where the condition holds.
   */
  updateWhere(table: string, columns: string[], set: ReadonlyArray<readonly [column: string, expr: string]>, condition: string): string;

  // Expressions -------------------------------------------------------------
  cast(expr: string, t: LogicalType): string;
  /** Cast that yields NULL instead of failing. */
  tryCast(expr: string, t: LogicalType): string;
  /** Parse text with a strftime-style format; NULL when it does not match. */
  tryParseDate(expr: string, format: string): string;
  tryParseTimestamp(expr: string, format: string): string;
  /** ISO text of a timestamp expression, `YYYY-MM-DD HH:MM:SS`. */
  timestampToText(expr: string): string;
  regexReplace(expr: string, pattern: string, replacement: string): string;
  regexMatches(expr: string, pattern: string): string;
  /** Text of a capture group, NULL when the pattern does not match or the group is empty. */
  regexExtract(expr: string, pattern: string, group: number): string;
  splitPart(expr: string, delimiter: string, index: number): string;
  md5(expr: string): string;
  /** SHA-256 of the UTF-8 bytes of a text expression as 64 lower-case hex digits (NULL for NULL),
   * equal to Node's createHash('sha256').update(text).digest('hex'). */
  sha256(expr: string): string;
  concat(parts: string[]): string;
  dateAdd(expr: string, amount: number | string, unit: DateUnit): string;
  dateDiff(unit: DateUnit, start: string, end: string): string;
  dateTrunc(unit: DateUnit, expr: string): string;
  /** A calendar field of a date or timestamp as an INTEGER (`quarter` is 1..4). */
  datePart(part: 'year' | 'quarter' | 'month' | 'day', expr: string): string;
  /** A date's place as an INTEGER: ISO day of week (1 Monday … 7 Sunday), day of year (1..366),
   * ISO 8601 week (1..53; January 1 may be in week 52 or 53 of the year before). */
  dayPart(part: DayPart, expr: string): string;
  /** A SELECT of one DATE column named `column`: every day from start to end (DATE expressions), inclusive. */
  dateSpine(start: string, end: string, column: string): string;
  currentTimestamp(): string;
  /** An aggregate of a metric calculation, `NAME([DISTINCT ]arg)` (COUNT, SUM, AVG, MIN, MAX). AVG
   * is a DOUBLE on every engine, as DuckDB's is (an average of decimals is not exact anyway). */
  aggregateCall(name: string, arg: string, distinct: boolean): string;
  /** Row-numbering window: `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)`. */
  rowNumber(partitionBy: string[], orderBy: string[]): string;
  /**
   * Jaro-Winkler similarity as a DOUBLE in 0..1, one convention on every engine: both inputs are
   * lower-cased inside the expression; NULL when either input is NULL or ''. The numbers are
   * DuckDB's jaro_winkler_similarity(lower(a), lower(b)): UTF-8 bytes compared, match window
   * max(len)/2 - 1, transpositions halved rounding down, prefix boost 0.1 per common leading byte
   * (at most 4) applied only when the Jaro similarity is above 0.7. Non-ASCII case folding is
   * each engine's lower(): the same on PostgreSQL with a UTF-8 locale, none under locale C.
   */
  jaroWinkler(a: string, b: string): string;
  /** Removes diacritics from the Latin-1 Supplement and Latin Extended-A letters (é -> e,
   * Ø -> O, Ł -> L), keeping case; ligatures and distinct letters (Æ Œ ß Þ Ð) stay. */
  stripAccents(expr: string): string;
  /** American Soundex (R163 for Robert): only ASCII letters count, NULL when there is none. */
  soundex(expr: string): string;
  /**
   * A FROM-clause fragment to write after another table (`FROM t, <fragment>`): one row per
   * `delimiter`-separated token of a text expression, with columns `<alias>.token` (text) and
   * `<alias>.pos` (1-based bigint). Repeated delimiters yield empty tokens ('a  b' -> 'a', '', 'b');
   * NULL or '' yields no rows.
   */
  splitToRows(expr: string, delimiter: string, alias: string): string;
  /** Aggregate: text of `expr` joined by `separator`, in `orderBy` (SQL, e.g. 'w.pos'); NULLs skipped. */
  stringAgg(expr: string, separator: string, orderBy: string): string;
  /**
   * A JSON object as text. Numbers stay JSON numbers, booleans booleans, text strings, NULL
   * null; engines spell the text differently (spacing, 1.50 vs 1.5), so compare it parsed. Pass
   * dates and timestamps as text (timestampToText): engines format them differently.
   */
  jsonObject(entries: Array<[key: string, expr: string]>): string;
  /** A deterministic lower-case UUID-shaped text (8-4-4-4-12 hex digits) from md5 of the text. */
  uuidFromText(expr: string): string;
  uuid(): string;
  /**
   * A statement listing a table's columns in order, one row per column with `column_name` and
   * `data_type` (the engine's own type name; src/quality/column-types.ts maps it to a
   * LogicalType). Where the engine can only DESCRIBE, the rows carry `col_name` instead and lines
   * starting with '#' (partition sections) follow; readers skip those.
   */
  describeColumns(schema: string, table: string): string;
  /** Statements that install engine-side helper functions the other methods rely on. */
  setupStatements(): string[];

  /**
   * A lock the engine holds for one session and frees by itself when the session ends, so a
   * killed run never leaves it behind; two runs on one warehouse then exclude each other even
   * from different project folders or hosts (pipeline/run-lock.ts). Null where the engine has
   * none: the default, and DuckDB, which lets one process at a time open a file for writing.
   */
  sessionLock(): SessionLockSql | null;

  // Time travel (Delta Lake, Snowflake): what Warehouse.snapshot/restore run, a way back for
  // engines without multi-table transactions. Engines without it throw (the default).
  /** A statement whose first row holds the table's current version in a column named `version`. */
  tableVersion(table: string): string;
  /** Puts the table back to a version that tableVersion gave. */
  restoreTable(table: string, version: string): string;
}
