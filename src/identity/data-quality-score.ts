// golden.constituents.data_quality_score: how complete and valid a golden record's canonical
// fields are, from 0 (nothing usable) to 1 (every field present and well-formed). Each part is
// 0 or 1 and carries a weight; the weights add up to 1 and favour what outreach needs (a name to
// address, a way to reach them). docs/identity.md documents the same table.
import type { Dialect } from '../dialect/dialect.js';

interface ScorePart {
  weight: number;
  /** SQL condition over the canonical columns (alias f) that earns the weight. */
  valid(d: Dialect): string;
}

const present = (c: string) => `f.${c} IS NOT NULL AND TRIM(f.${c}) <> ''`;

export const dataQualityParts: Record<string, ScorePart> = {
  first_name: { weight: 0.15, valid: () => present('canonical_first_name') },
  last_name: { weight: 0.15, valid: () => present('canonical_last_name') },
  // One @, a dot in the domain, no spaces: the shape a mail server accepts, not proof it delivers.
  email: { weight: 0.2, valid: (d) => `f.canonical_email IS NOT NULL AND ${d.regexMatches('f.canonical_email', '^[^@ ]+@[^@ ]+[.][a-z]{2,}$')}` },
  // Identity normalisation writes E.164; anything else did not parse as a phone number.
  phone: { weight: 0.15, valid: (d) => `f.canonical_phone IS NOT NULL AND ${d.regexMatches('f.canonical_phone', '^[+][1-9][0-9]{7,14}$')}` },
  address_line1: { weight: 0.15, valid: () => present('canonical_address_line1') },
  city: { weight: 0.05, valid: () => present('canonical_city') },
  state: { weight: 0.05, valid: (d) => `f.canonical_state IS NOT NULL AND ${d.regexMatches('f.canonical_state', '^[A-Z]{2}$')}` },
  zip: { weight: 0.1, valid: (d) => `f.canonical_zip IS NOT NULL AND ${d.regexMatches('f.canonical_zip', '^[0-9]{5}$')}` },
};

/** The score as a decimal expression over the canonical field columns of `f`. */
export function dataQualityScoreSql(d: Dialect): string {
  const terms = Object.values(dataQualityParts).map((p) => `CASE WHEN ${p.valid(d)} THEN ${p.weight.toFixed(2)} ELSE 0 END`);
  return d.cast(`ROUND(${terms.join(' + ')}, 2)`, 'decimal');
}
