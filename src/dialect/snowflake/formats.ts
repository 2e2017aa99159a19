// Config date formats (strftime, as DuckDB's strptime reads them) as Snowflake format strings.
// https://docs.snowflake.com/en/sql-reference/functions-conversion#date-and-time-formats-in-conversion-functions
import { type StrftimeDirective, walkStrftime } from '../strftime.js';

const elements: Record<StrftimeDirective, string> = {
  Y: 'YYYY',
  y: 'YY',
  m: 'MM',
  d: 'DD',
  H: 'HH24',
  I: 'HH12',
  M: 'MI',
  S: 'SS',
  f: 'FF6',
  p: 'AM',
  b: 'MON',
  B: 'MMMM',
};

/** `%Y-%m-%dT%H:%M:%SZ` -> `YYYY-MM-DD"T"HH24:MI:SS"Z"`: letters outside elements are literal
 * text, which Snowflake wants double-quoted. */
export function strftimeToSnowflake(format: string): string {
  let out = '';
  walkStrftime(
    format,
    (d) => (out += elements[d]),
    (c) => (out += /[A-Za-z]/.test(c) ? `"${c}"` : c),
  );
  return out.replaceAll('""', '');
}
