// What "valid" means for an `invalid` check, as one SQL condition through the dialect. The same
// condition serves the table-level count and the row-level (quarantine) rule in staging.
import type { Bound, NamedFormat } from '../config/quality-schema.js';
import type { invalidCheck } from '../config/quality-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import type { z } from 'zod';

type InvalidCheck = z.output<typeof invalidCheck>;

/** Patterns are written for every engine's regex flavour: no \s, \d or lookaround. */
const formatPatterns: Record<Exclude<NamedFormat, 'us_phone'>, string> = {
  email: '^[^@ ]+@[^@ ]+[.][^@ .]+$',
  us_zip: '^[0-9]{5}(-[0-9]{4})?$',
  us_state: '^[A-Z]{2}$',
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  iso_date: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  digits: '^[0-9]+$',
};

export const formatDescriptions: Record<NamedFormat, string> = {
  email: 'an email address',
  us_phone: 'a US phone number (10 digits, optional +1)',
  us_zip: 'a US ZIP code',
  us_state: 'a two-letter state code',
  uuid: 'a UUID',
  iso_date: 'a YYYY-MM-DD date',
  digits: 'digits only',
};

export interface ValueExprs {
  /** The value as text (for formats, patterns, allowed text values and lengths). */
  text: string;
  /** The value in its column type (for ranges and allowed numbers). */
  typed: string;
}

/** UTC now, fixed once per run so every check of the run compares with the same moment. */
export interface Clock {
  now: string; // 'YYYY-MM-DD HH:MM:SS'
}

function boundSql(d: Dialect, bound: Bound, clock: Clock): string {
  if (typeof bound === 'number') return d.literal(bound);
  if (bound === 'now') return d.cast(d.stringLiteral(clock.now), 'timestamp');
  if (bound === 'today') return d.cast(d.stringLiteral(clock.now.slice(0, 10)), 'date');
  return d.cast(d.stringLiteral(bound), bound.length > 10 ? 'timestamp' : 'date');
}

/** SQL that is TRUE when a non-NULL value satisfies every rule of the check. */
export function validCondition(d: Dialect, v: ValueExprs, c: InvalidCheck, clock: Clock): string {
  const parts: string[] = [];
  if (c.format === 'us_phone') parts.push(d.regexMatches(d.regexReplace(v.text, '[^0-9]', ''), '^1?[0-9]{10}$'));
  else if (c.format) parts.push(d.regexMatches(v.text, formatPatterns[c.format]));
  if (c.regex) parts.push(d.regexMatches(v.text, c.regex));
  if (c.values) {
    const numbers = c.values.every((x) => typeof x === 'number');
    const list = c.values.map((x) => (numbers ? d.literal(x) : d.stringLiteral(String(x)))).join(', ');
    parts.push(`${numbers ? v.typed : v.text} IN (${list})`);
  }
  if (c.min !== undefined) parts.push(`${v.typed} >= ${boundSql(d, c.min, clock)}`);
  if (c.max !== undefined) parts.push(`${v.typed} <= ${boundSql(d, c.max, clock)}`);
  if (c.min_length !== undefined) parts.push(`LENGTH(${v.text}) >= ${c.min_length}`);
  if (c.max_length !== undefined) parts.push(`LENGTH(${v.text}) <= ${c.max_length}`);
  return parts.map((p) => `(${p})`).join(' AND ');
}

/** "is not an email address and at least 0" style words for quarantine reasons and reports. */
export function validityWords(c: InvalidCheck): string {
  const words: string[] = [];
  if (c.format) words.push(formatDescriptions[c.format]);
  if (c.regex) words.push(`matching ${c.regex}`);
  if (c.values) words.push(`one of ${c.values.join(', ')}`);
  if (c.min !== undefined) words.push(`>= ${c.min}`);
  if (c.max !== undefined) words.push(`<= ${c.max}`);
  if (c.min_length !== undefined) words.push(`at least ${c.min_length} characters`);
  if (c.max_length !== undefined) words.push(`at most ${c.max_length} characters`);
  return words.join(', ');
}
