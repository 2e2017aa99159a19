// Config date formats are strftime, as DuckDB's strptime reads them. Engines that parse dates
// another way (PostgreSQL, Snowflake, Spark) translate a format with walkStrftime, and put a
// shape check (strftimeToRegex) in front of their parse, which is more lenient than strptime.

export const strftimeDirectives = ['Y', 'y', 'm', 'd', 'H', 'I', 'M', 'S', 'f', 'p', 'b', 'B'] as const;
export type StrftimeDirective = (typeof strftimeDirectives)[number];

/** Calls onDirective for each %X, onLiteral for every other character (`%%` is a literal '%');
 * an unknown directive is an error naming the format. */
export function walkStrftime(format: string, onDirective: (d: StrftimeDirective) => void, onLiteral: (c: string) => void): void {
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      onLiteral(c);
      continue;
    }
    const key = format[++i];
    if (key === '%') {
      onLiteral('%');
      continue;
    }
    if (key === undefined || !(strftimeDirectives as readonly string[]).includes(key)) {
      throw new Error(`date format "${format}": %${key ?? ''} is not supported (use %Y %y %m %d %H %I %M %S %f %p %b %B)`);
    }
    onDirective(key as StrftimeDirective);
  }
}

const shapes: Record<StrftimeDirective, string> = {
  Y: '[0-9]{4}',
  y: '[0-9]{2}',
  m: '[0-9]{1,2}',
  d: '[0-9]{1,2}',
  H: '[0-9]{1,2}',
  I: '[0-9]{1,2}',
  M: '[0-9]{1,2}',
  S: '[0-9]{1,2}',
  f: '[0-9]{1,6}',
  p: '([AaPp][Mm])',
  b: '[A-Za-z]{3}',
  B: '[A-Za-z]{3,9}',
};

/** The regular expression a text must match to have the format's shape. */
export function strftimeToRegex(format: string): string {
  let out = '^';
  walkStrftime(
    format,
    (d) => (out += shapes[d]),
    (c) => (out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')),
  );
  return `${out}$`;
}
