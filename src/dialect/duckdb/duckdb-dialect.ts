// DuckDB (embedded default). Docs: https://duckdb.org/docs/sql/functions/overview
import { BaseDialect } from '../base-dialect.js';
import type { DateUnit, DayPart, DialectCapabilities } from '../dialect.js';
import { generateSeriesDateSpine, isoDayPartSql } from '../portable-dates.js';
import { soundexSql } from '../portable-text.js';

export class DuckDbDialect extends BaseDialect {
  readonly name = 'duckdb';
  override readonly capabilities: DialectCapabilities = {
    supportsMerge: true, // MERGE INTO since DuckDB 1.4
    supportsMultiTableTransactions: true,
    supportsSchemas: true,
  };

  // DuckDB's strptime speaks strftime formats natively.
  override tryParseDate(expr: string, format: string): string {
    return `CAST(TRY_STRPTIME(${expr}, ${this.stringLiteral(format)}) AS DATE)`;
  }

  override tryParseTimestamp(expr: string, format: string): string {
    return `CAST(TRY_STRPTIME(${expr}, ${this.stringLiteral(format)}) AS TIMESTAMP)`;
  }

  override timestampToText(expr: string): string {
    return `STRFTIME(${expr}, '%Y-%m-%d %H:%M:%S')`;
  }

  override regexReplace(expr: string, pattern: string, replacement: string): string {
    return `REGEXP_REPLACE(${expr}, ${this.stringLiteral(pattern)}, ${this.stringLiteral(replacement)}, 'g')`;
  }

  override regexMatches(expr: string, pattern: string): string {
    return `REGEXP_MATCHES(${expr}, ${this.stringLiteral(pattern)})`;
  }

  // regexp_extract returns '' when nothing matches; NULL is the cross-engine convention.
  override regexExtract(expr: string, pattern: string, group: number): string {
    return `NULLIF(REGEXP_EXTRACT(${expr}, ${this.stringLiteral(pattern)}, ${group}), '')`;
  }

  override dateAdd(expr: string, amount: number | string, unit: DateUnit): string {
    const [n, u] = unit === 'quarter' ? [`3 * (${amount})`, 'MONTH'] : [`${amount}`, unit.toUpperCase()];
    return `(${expr} + INTERVAL (${n}) ${u})`;
  }

  override dateDiff(unit: DateUnit, start: string, end: string): string {
    return `DATE_DIFF(${this.stringLiteral(unit)}, ${start}, ${end})`;
  }

  override dayPart(part: DayPart, expr: string): string {
    return isoDayPartSql(part, expr);
  }

  override dateSpine(start: string, end: string, column: string): string {
    return generateSeriesDateSpine(start, end, this.quoteIdent(column));
  }

  // Natively case-sensitive and 0 for ''; the convention (dialect.ts) lower-cases and gives NULL.
  override jaroWinkler(a: string, b: string): string {
    return `JARO_WINKLER_SIMILARITY(LOWER(NULLIF(${a}, '')), LOWER(NULLIF(${b}, '')))`;
  }

  // Not strip_accents(): it leaves Ø, Ł and the other stroke letters alone, and a fixed map is
  // what PostgreSQL can match exactly.

  override soundex(expr: string): string {
    return soundexSql(expr);
  }

  // Two parallel UNNESTs of the same length, not UNNEST ... WITH ORDINALITY, which measured
  // three to four times slower on DuckDB 1.5. string_split('') is one empty token, hence NULLIF.
  override splitToRows(expr: string, delimiter: string, alias: string): string {
    if (delimiter === '') throw new Error('splitToRows needs a non-empty delimiter');
    const parts = `STRING_SPLIT(NULLIF(${expr}, ''), ${this.stringLiteral(delimiter)})`;
    return `LATERAL (SELECT UNNEST(parts) AS token, UNNEST(RANGE(1, LEN(parts) + 1)) AS pos FROM (SELECT ${parts} AS parts)) AS ${alias}`;
  }

  override jsonObject(entries: Array<[key: string, expr: string]>): string {
    const args = entries.map(([key, expr]) => `${this.stringLiteral(key)}, ${expr}`).join(', ');
    return `CAST(JSON_OBJECT(${args}) AS VARCHAR)`;
  }

  override uuid(): string {
    return 'UUID()';
  }

  // https://duckdb.org/docs/sql/functions/text#sha256value
  override sha256(expr: string): string {
    return `SHA256(${expr})`;
  }
}
