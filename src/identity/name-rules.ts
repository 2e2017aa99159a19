// Rules about names that several steps share: when two first names cannot be the same person's
// (normalization uses it to spot shared mailboxes, scoring to veto matches).
import type { Dialect } from '../dialect/dialect.js';

/** One first name is a bare initial of the other (j / john). */
export function initialCompatible(a: string, b: string): string {
  return `((LENGTH(${a}.first_name) = 1 OR LENGTH(${b}.first_name) = 1) AND ${a}.first_initial = ${b}.first_initial)`;
}

/** The columns firstNameConflict reads from each row. */
export const firstNameColumns = ['first_name', 'first_name_canonical', 'first_initial'] as const;

/**
 * Both first names are known and cannot be one person's: not the same name after the nickname
 * table, neither an initial of the other, and not a likely typo (Jaro-Winkler below 0.85).
 * Over rows `a` and `b` with first_name, first_name_canonical and first_initial.
 */
export function firstNameConflict(d: Dialect, a: string, b: string): string {
  return `(${a}.first_name IS NOT NULL AND ${b}.first_name IS NOT NULL AND ${a}.first_name_canonical <> ${b}.first_name_canonical
    AND NOT ${initialCompatible(a, b)}
    AND ${d.jaroWinkler(`${a}.first_name`, `${b}.first_name`)} < 0.85)`;
}
