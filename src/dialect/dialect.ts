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
}

export interface MergeSpec {
  target: string; // qualified, quoted table name
  source: string; // a SELECT producing the target's columns (already one row per key)
  keys: string[];
  columns: string[]; // every column to insert; non-key columns are updated
  /** SQL condition over `t` (target) and `s` (source) deciding whether a matched row is updated. */
  updateWhen?: string;
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
  /** Renames a table within its schema (`to` is the bare new name). */
  renameTable(table: string, to: string): string;
  dropColumn(table: string, column: string): string;
  /** Replaces a view (its columns may change). */
  createView(view: string, select: string): string;
  /** A session-private table, replaced if it exists. `name` is a bare, quoted identifier. */
  createTempTableAs(name: string, select: string): string;
  merge(spec: MergeSpec): string;
  /** `DELETE FROM table WHERE condition`, for conditions with subqueries (IN (SELECT ...), or an
   * EXISTS that names the table by its qualified name): Delta's DELETE takes none. */
  deleteWhere(table: string, condition: string): string;

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
  /** Statements that install engine-side helper functions the other methods rely on. */
  setupStatements(): string[];

  // Time travel (Delta Lake, Snowflake): what Warehouse.snapshot/restore run, a way back for
  // engines without multi-table transactions. Engines without it throw (the default).
  /** A statement whose first row holds the table's current version in a column named `version`. */
  tableVersion(table: string): string;
  /** Puts the table back to a version that tableVersion gave. */
  restoreTable(table: string, version: string): string;
}
