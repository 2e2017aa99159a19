// Date SQL written once that DuckDB and PostgreSQL read alike: EXTRACT's ISO fields and
// generate_series over timestamps. (Snowflake and Spark spell both differently.)
import type { DayPart } from './dialect.js';

/** https://duckdb.org/docs/sql/functions/datepart and PostgreSQL's EXTRACT: isodow, doy and ISO
 * week. PostgreSQL's EXTRACT returns numeric, hence the cast. */
export function isoDayPartSql(part: DayPart, expr: string): string {
  const field = { iso_day_of_week: 'ISODOW', day_of_year: 'DOY', iso_week: 'WEEK' }[part];
  return `CAST(EXTRACT(${field} FROM ${expr}) AS INTEGER)`;
}

/** generate_series over timestamps yields timestamps; the cast brings them back to days. */
export function generateSeriesDateSpine(start: string, end: string, quotedColumn: string): string {
  return `SELECT CAST(g.d AS DATE) AS ${quotedColumn} FROM GENERATE_SERIES(CAST(${start} AS TIMESTAMP), CAST(${end} AS TIMESTAMP), INTERVAL '1 day') AS g(d)`;
}
