// Config date formats (strftime, as DuckDB's strptime reads them) as Snowflake format strings.
// https://docs.snowflake.com/en/sql-reference/functions-conversion#date-and-time-formats-in-conversion-functions

const elements: Record<string, string> = {
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
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += /[A-Za-z]/.test(c) ? `"${c}"` : c;
      continue;
    }
    const key = format[++i];
    if (key === '%') {
      out += '%';
      continue;
    }
    const element = key === undefined ? undefined : elements[key];
    if (!element) throw new Error(`date format "${format}": %${key ?? ''} is not supported (use %Y %y %m %d %H %I %M %S %f %p %b %B)`);
    out += element;
  }
  return out.replaceAll('""', '');
}
