// Mapping config date formats (strftime, as DuckDB's strptime reads them) to PostgreSQL's
// to_timestamp() templates, plus a regular expression that enforces the shape that
// to_timestamp() would otherwise accept loosely.

const directives: Record<string, { pg: string; re: string }> = {
  Y: { pg: 'YYYY', re: '[0-9]{4}' },
  y: { pg: 'YY', re: '[0-9]{2}' },
  m: { pg: 'MM', re: '[0-9]{1,2}' },
  d: { pg: 'DD', re: '[0-9]{1,2}' },
  H: { pg: 'HH24', re: '[0-9]{1,2}' },
  I: { pg: 'HH12', re: '[0-9]{1,2}' },
  M: { pg: 'MI', re: '[0-9]{1,2}' },
  S: { pg: 'SS', re: '[0-9]{1,2}' },
  f: { pg: 'US', re: '[0-9]{1,6}' },
  p: { pg: 'AM', re: '([AaPp][Mm])' },
  b: { pg: 'Mon', re: '[A-Za-z]{3}' },
  B: { pg: 'FMMonth', re: '[A-Za-z]{3,9}' },
  '%': { pg: '%', re: '%' },
};

function walk(format: string, onDirective: (d: { pg: string; re: string }) => void, onLiteral: (c: string) => void): void {
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      onLiteral(c);
      continue;
    }
    const key = format[++i];
    const d = key === undefined ? undefined : directives[key];
    if (!d) throw new Error(`date format "${format}": %${key ?? ''} is not supported (use %Y %y %m %d %H %I %M %S %f %p %b %B)`);
    onDirective(d);
  }
}

export function strftimeToPostgres(format: string): string {
  let out = '';
  walk(
    format,
    (d) => (out += d.pg),
    // Letters are template patterns in PostgreSQL unless double-quoted.
    (c) => (out += /[A-Za-z]/.test(c) ? `"${c}"` : c),
  );
  return out;
}

export function strftimeToRegex(format: string): string {
  let out = '^';
  walk(
    format,
    (d) => (out += d.re),
    (c) => (out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')),
  );
  return `${out}$`;
}
