// Emails and phones in the one form identity resolution compares them in (identity/normalize.ts),
// so a privacy request finds `J.Smith+news@GMail.com` under `jsmith@gmail.com`, and the
// suppression list, which keeps only SHA-256 hashes, recognises the person in any later export.
// The provider rules come from the same seed file identity uses (config/seeds/), written into the
// SQL as a CASE: a request must work before identity resolution has loaded the seed tables.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '../dialect/dialect.js';
import { readSeed } from '../identity/seeds.js';

export interface EmailRules {
  providers: Array<{ domain: string; canonicalDomain: string; stripDots: boolean; stripPlusTag: boolean }>;
  /** Role mailboxes (info@, admin@): not a person's, so never suppressed by value. */
  genericLocalParts: Set<string>;
}

export function loadEmailRules(configDir: string): EmailRules {
  const has = (seed: string) => existsSync(join(configDir, 'seeds', `${seed}.csv`));
  const providers = has('email_provider_rules')
    ? readSeed(configDir, 'email_provider_rules').rows.map(([domain, canonical, dots, plus]) => ({
        domain: String(domain),
        canonicalDomain: String(canonical),
        stripDots: dots === true,
        stripPlusTag: plus === true,
      }))
    : [];
  const generic = has('generic_email_local_parts') ? readSeed(configDir, 'generic_email_local_parts').rows.map(([l]) => String(l)) : [];
  return { providers, genericLocalParts: new Set(generic) };
}

const list = (d: Dialect, values: string[]) => values.map((v) => d.stringLiteral(v)).join(', ');

/** The normalised email of a text expression, or NULL when it is not an email address. */
export function canonicalEmailSql(d: Dialect, expr: string, rules: EmailRules): string {
  const text = `LOWER(TRIM(${expr}))`;
  const valid = d.regexMatches(text, '^[^@[:space:]]+@[^@[:space:]]+\\.[a-z]{2,}$');
  const local = d.splitPart(text, '@', 1);
  const domain = d.splitPart(text, '@', 2);
  const domains = (f: (p: EmailRules['providers'][number]) => boolean) => rules.providers.filter(f).map((p) => p.domain);
  const plusless = d.regexReplace(local, '\\+.*$', '');
  const both = domains((p) => p.stripDots && p.stripPlusTag);
  const plusOnly = domains((p) => p.stripPlusTag && !p.stripDots);
  const dotsOnly = domains((p) => p.stripDots && !p.stripPlusTag);
  const localCases = [
    both.length ? `WHEN ${domain} IN (${list(d, both)}) THEN REPLACE(${plusless}, '.', '')` : '',
    plusOnly.length ? `WHEN ${domain} IN (${list(d, plusOnly)}) THEN ${plusless}` : '',
    dotsOnly.length ? `WHEN ${domain} IN (${list(d, dotsOnly)}) THEN REPLACE(${local}, '.', '')` : '',
  ].filter(Boolean);
  const renamed = rules.providers.filter((p) => p.canonicalDomain !== p.domain);
  const canonicalLocal = localCases.length ? `CASE ${localCases.join(' ')} ELSE ${local} END` : local;
  const canonicalDomain = renamed.length ? `CASE ${renamed.map((p) => `WHEN ${domain} = ${d.stringLiteral(p.domain)} THEN ${d.stringLiteral(p.canonicalDomain)}`).join(' ')} ELSE ${domain} END` : domain;
  return `CASE WHEN ${valid} THEN ${d.concat([canonicalLocal, "'@'", canonicalDomain])} END`;
}

/** A North American number as +1 and ten digits (extensions dropped), else NULL: identity's phone. */
export function canonicalPhoneSql(d: Dialect, expr: string): string {
  const digits = d.regexReplace(d.regexReplace(`LOWER(${expr})`, '(x|ext|extension|#).*$', ''), '[^0-9]', '');
  const nanp = d.regexExtract(digits, '^1?([2-9][0-9]{2}[2-9][0-9]{6})$', 1);
  return `CASE WHEN ${nanp} IS NOT NULL THEN ${d.concat(["'+1'", nanp])} END`;
}

/** What the suppression list stores; Dialect.sha256 computes the same in the warehouse. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function isGenericEmail(email: string, rules: EmailRules): boolean {
  return rules.genericLocalParts.has(email.split('@')[0]?.replace(/\+.*$/, '') ?? '');
}
