// DuckDB (embedded default). Docs: https://duckdb.org/docs/sql/functions/overview
import { BaseDialect } from '../base-dialect.js';
import type { DateUnit, DialectCapabilities } from '../dialect.js';

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

  // Case-sensitive natively; callers normalise case first (DESIGN.md section 4).
  override jaroWinkler(a: string, b: string): string {
    return `JARO_WINKLER_SIMILARITY(${a}, ${b})`;
  }

  override uuid(): string {
    return 'UUID()';
  }
}
