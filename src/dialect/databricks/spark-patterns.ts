// Translations into what Spark SQL reads: strftime formats (the config's, as DuckDB's strptime
// reads them) into Spark datetime patterns, and the POSIX/RE2 regular expressions the shared code
// writes into Java regular expressions.
// https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html
// https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html
import { type StrftimeDirective, walkStrftime } from '../strftime.js';

// One-letter numeric fields parse one or more digits, as %m/%d do in DuckDB; the field widths are
// enforced by the shape check (strftimeToRegex) in front of the parse.
const directives: Record<StrftimeDirective, string> = {
  Y: 'yyyy',
  y: 'yy',
  m: 'M',
  d: 'd',
  H: 'H',
  I: 'h',
  M: 'm',
  S: 's',
  f: 'SSSSSS',
  p: 'a',
  b: 'MMM',
  B: 'MMMM',
};

export function strftimeToSpark(format: string): string {
  let out = '';
  let literal = '';
  const flush = () => {
    if (literal) out += `'${literal.replaceAll("'", "''")}'`;
    literal = '';
  };
  walkStrftime(
    format,
    (d) => {
      flush();
      out += directives[d];
    },
    // Letters are pattern letters in Spark unless quoted; quoting every literal run is simplest.
    (c) => (literal += c),
  );
  flush();
  return out;
}

// POSIX bracket classes mean nothing inside a Java character class ([[:space:]] would be the set
// of the letters ':', 's', 'p', ...); Java spells them \p{...}.
const posixClasses: Record<string, string> = {
  space: '\\s',
  digit: '0-9',
  alpha: '\\p{Alpha}',
  alnum: '\\p{Alnum}',
  upper: '\\p{Upper}',
  lower: '\\p{Lower}',
  punct: '\\p{Punct}',
  xdigit: '0-9A-Fa-f',
};

export function posixToJavaRegex(pattern: string): string {
  return pattern.replace(/\[:([a-z]+):\]/g, (whole, name: string) => {
    const java = posixClasses[name];
    if (!java) throw new Error(`regular expression "${pattern}": [:${name}:] has no Java equivalent here`);
    return java;
  });
}

/** A replacement with \N group references (DuckDB, PostgreSQL) in Java's syntax ($N; a literal $ or \ escaped). */
export function javaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    const next = replacement[i + 1];
    if (c === '\\' && next !== undefined && /[0-9]/.test(next)) {
      out += `$${next}`;
      i++;
    } else if (c === '\\' && next === '\\') {
      out += '\\\\';
      i++;
    } else if (c === '$' || c === '\\') {
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  return out;
}
