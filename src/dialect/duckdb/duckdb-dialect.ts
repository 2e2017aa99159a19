// DuckDB (embedded default). Docs: https://duckdb.org/docs/sql/functions/overview
import { BaseDialect } from '../base-dialect.js';
import type { DateUnit, DayPart, DialectCapabilities, MergeSpec } from '../dialect.js';
import { generateSeriesDateSpine, isoDayPartSql } from '../portable-dates.js';
import { soundexSql } from '../portable-text.js';

export class DuckDbDialect extends BaseDialect {
  readonly name = 'duckdb';
  override readonly capabilities: DialectCapabilities = {
    supportsMerge: true, // MERGE INTO since DuckDB 1.4
    supportsMultiTableTransactions: true,
    supportsSchemas: true,
  };

  /**
   * A MERGE that updates rows spread over a big table is slow in DuckDB: the checkpoint after it
   * rewrites every row group holding an updated row (all of them, for 1% of a table's keys). A
   * delete only marks rows, and an insert appends, so replacing the rows costs about a tenth
   * (measured: 36,000 of 3.6 million rows replaced and 36,000 added, 1.5 s as a MERGE, 0.15 s as
   * DELETE + INSERT, checkpoint included). That holds for the small share of a table a batch
   * replaces; replacing a large share (16% measured) makes the checkpoint compact the row groups,
   * and the gain is gone (src/identity/incremental.ts, replaceLinksAndConstituents).
   */
  override upsert(spec: MergeSpec): string[] {
    const q = (c: string) => this.quoteIdent(c);
    const rows = q('cpm_upsert_rows');
    const sameKey = spec.keys.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
    const list = spec.columns.map(q).join(', ');
    // A source row wins when its key is new or, matched, when updateWhen holds (as in MERGE).
    const wins = spec.updateWhen ? `t.${q(spec.keys[0]!)} IS NULL OR (${spec.updateWhen})` : 'TRUE';
    return [
      this.createTempTableAs(rows, `SELECT ${spec.columns.map((c) => `s.${q(c)}`).join(', ')} FROM (${spec.source}) AS s LEFT JOIN ${spec.target} AS t ON ${sameKey} WHERE ${wins}`),
      `DELETE FROM ${spec.target} AS t USING ${rows} AS s WHERE ${sameKey}`,
      `INSERT INTO ${spec.target} (${list}) SELECT ${list} FROM ${rows}`,
      this.dropTable(rows),
    ];
  }

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
