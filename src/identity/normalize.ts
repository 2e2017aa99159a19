// Normalization: staging.person_records -> identity.records, one comparable row per source
// record. Everything is SQL through the dialect, and the lookups (nicknames, USPS abbreviations,
// role mailboxes, email provider rules) are seed tables joined the same way on every engine.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { firstNameConflict } from './name-rules.js';
import { seedTable } from './seeds.js';

export const recordsTable = 'identity.records';
export const sharedEmailsTable = 'identity.shared_emails';

/** Lower case, accents and punctuation gone, runs of spaces collapsed: the shape every name takes. */
export function cleanText(d: Dialect, expr: string): string {
  const lowered = `LOWER(${d.stripAccents(expr)})`;
  // Apostrophes and dots join (O'Brien -> obrien, St. -> st); other punctuation separates.
  const joined = d.regexReplace(lowered, "['’.]", '');
  const spaced = d.regexReplace(joined, '[^a-z0-9]+', ' ');
  return `NULLIF(TRIM(${spaced}), '')`;
}

const suffixes = ['jr', 'sr', 'ii', 'iii', 'iv', 'v'];
/** More records than this on one mailbox: shared, whatever the names say. */
const sharedMailboxSize = 50;

/** "#4" means unit 4: spelled out before punctuation is removed. */
const unitMark = (expr: string) => `REPLACE(${expr}, '#', ' unit ')`;

function seed(d: Dialect, name: string): string {
  const t = seedTable(name);
  return d.table(t.schema, t.name);
}

export interface NormalizeTarget {
  /** Which person records (SQL over `p`, staging.person_records); default all. */
  where?: string;
  /** Table written; default identity.records. */
  target?: string;
}

/**
 * Statements that rebuild identity.records (or `target`) from the person records `where` selects.
 * Steps: (1) clean the fields, (2) split line 1 of the address into house number, street and
 * unit, with USPS abbreviations, (3) join it all back with nickname and email-provider lookups.
 */
export function normalizeStatements(d: Dialect, extraIdentifiers: string[], { where = 'TRUE', target = recordsTable }: NormalizeTarget = {}): string[] {
  const q = (c: string) => d.quoteIdent(c);
  const clean = (c: string) => cleanText(d, c);
  const people = qualified(d, 'staging.person_records');

  // (1) cleaned fields. A generation suffix may sit in its own column or end the last name.
  const lastClean = clean('p.last_name');
  const trailingSuffix = d.regexExtract(lastClean, ` (${suffixes.join('|')})$`, 1);
  const suffixClean = clean('p.name_suffix');
  const emailText = `LOWER(TRIM(p.email))`;
  const emailValid = d.regexMatches(emailText, '^[^@[:space:]]+@[^@[:space:]]+\\.[a-z]{2,}$');
  const phoneNoExtension = d.regexReplace('LOWER(p.phone)', '(x|ext|extension|#).*$', '');
  const phoneDigits = d.regexReplace(phoneNoExtension, '[^0-9]', '');
  // NANP: an optional leading 1, then area code and exchange that do not start with 0 or 1.
  const nanp = d.regexExtract(phoneDigits, '^1?([2-9][0-9]{2}[2-9][0-9]{6})$', 1);
  const cleaned = `
    SELECT p.source_system, p.source_stream, p.source_record_id,
      ${d.concat(['p.source_system', "':'", 'p.source_record_id'])} AS record_key,
      CASE WHEN ${emailValid} THEN ${d.splitPart(emailText, '@', 1)} END AS email_local_raw,
      CASE WHEN ${emailValid} THEN ${d.splitPart(emailText, '@', 2)} END AS email_domain_raw,
      ${nanp} AS phone10,
      CASE WHEN LOWER(TRIM(p.phone_type)) IN ('mobile', 'cell', 'cellular', 'wireless') THEN 'mobile'
           WHEN LOWER(TRIM(p.phone_type)) IN ('home', 'work', 'landline', 'office', 'business') THEN 'landline' END AS phone_type,
      ${clean('p.first_name')} AS first_name,
      ${clean('p.middle_name')} AS middle_name,
      CASE WHEN ${trailingSuffix} IS NOT NULL THEN NULLIF(TRIM(${d.regexReplace(lastClean, ` (${suffixes.join('|')})$`, '')}), '') ELSE ${lastClean} END AS last_name,
      COALESCE(CASE WHEN ${suffixClean} IN (${suffixes.map((s) => d.stringLiteral(s)).join(', ')}) THEN ${suffixClean} END, ${trailingSuffix}) AS name_suffix,
      ${clean(unitMark('p.address_line1'))} AS line1,
      ${clean(unitMark('p.address_line2'))} AS line2,
      ${clean('p.city')} AS city,
      UPPER(TRIM(p.state)) AS state,
      ${d.regexExtract('p.zip', '^[[:space:]]*([0-9]{5})', 1)} AS zip5,
      p.birth_date, p.created_at, p.updated_at, p._batch_id
      ${extraIdentifiers.map((x) => `, NULLIF(LOWER(TRIM(p.${q(x)})), '') AS ${q(x)}`).join('')}
    FROM ${people} AS p
    WHERE ${where}`;

  // (2) address line 1 as USPS writes it: "400 West Lake Street Apt 2" -> house number 400,
  // street "w lake st", unit "2". Abbreviations apply by position, as USPS Publication 28 does:
  // a directional first or last, the suffix last (before a post-directional), the unit
  // designator after the street; "Lake" inside a name stays a word.
  const tokens = `
    SELECT c.record_key, t.pos, t.token, sf.abbreviation AS suffix, dr.abbreviation AS directional, un.abbreviation AS designator
    FROM cpm_identity_cleaned AS c, ${d.splitToRows('c.line1', ' ', 't')}
    LEFT JOIN ${seed(d, 'street_suffixes')} AS sf ON sf.word = t.token
    LEFT JOIN ${seed(d, 'directionals')} AS dr ON dr.word = t.token
    LEFT JOIN ${seed(d, 'unit_designators')} AS un ON un.word = t.token
    WHERE c.line1 IS NOT NULL AND t.token <> ''`;
  const houseNumber = d.regexMatches('token', '^[0-9]+[a-z]?$');
  const starts = `
    SELECT record_key, MAX(pos) AS last_pos,
      CASE WHEN MAX(CASE WHEN pos = 1 AND ${houseNumber} THEN 1 ELSE 0 END) = 1 THEN 2 ELSE 1 END AS street_start
    FROM cpm_identity_tokens GROUP BY record_key`;
  const units = `
    SELECT s.record_key, s.street_start, MIN(CASE WHEN t.designator IS NOT NULL AND t.pos > s.street_start THEN t.pos END) AS first_unit, s.last_pos
    FROM (${starts}) AS s JOIN cpm_identity_tokens AS t ON t.record_key = s.record_key
    GROUP BY s.record_key, s.street_start, s.last_pos`;
  const layout = `
    SELECT u.record_key, u.street_start, u.first_unit, e.street_end,
      CASE WHEN MAX(CASE WHEN t.pos = e.street_end AND t.directional IS NOT NULL THEN 1 ELSE 0 END) = 1 AND e.street_end - 1 > u.street_start
        THEN e.street_end - 1 ELSE e.street_end END AS suffix_pos
    FROM (${units}) AS u
    JOIN (SELECT record_key, COALESCE(first_unit - 1, last_pos) AS street_end FROM (${units}) AS x) AS e ON e.record_key = u.record_key
    JOIN cpm_identity_tokens AS t ON t.record_key = u.record_key
    GROUP BY u.record_key, u.street_start, u.first_unit, e.street_end`;
  const word = `CASE
      WHEN tk.pos = l.street_start AND tk.directional IS NOT NULL AND l.street_end > l.street_start THEN tk.directional
      WHEN tk.pos = l.suffix_pos AND tk.suffix IS NOT NULL AND tk.pos > l.street_start THEN tk.suffix
      WHEN tk.pos = l.street_end AND tk.directional IS NOT NULL AND tk.pos > l.street_start THEN tk.directional
      ELSE tk.token END`;
  const address = `
    SELECT tk.record_key,
      MAX(CASE WHEN tk.pos < l.street_start THEN tk.token END) AS house_number,
      ${d.stringAgg(`CASE WHEN tk.pos >= l.street_start AND tk.pos <= l.street_end THEN ${word} END`, ' ', 'tk.pos')} AS street,
      ${d.stringAgg('CASE WHEN tk.pos > l.first_unit THEN tk.token END', ' ', 'tk.pos')} AS unit
    FROM cpm_identity_tokens AS tk JOIN cpm_identity_layout AS l ON l.record_key = tk.record_key
    GROUP BY tk.record_key`;

  // (3) the normalized record.
  const local = 'c.email_local_raw';
  const plusless = `CASE WHEN pr.strip_plus_tag THEN ${d.regexReplace(local, '\\+.*$', '')} ELSE ${local} END`;
  const emailLocal = `CASE WHEN pr.strip_dots THEN REPLACE(${plusless}, '.', '') ELSE ${plusless} END`;
  const emailDomain = 'COALESCE(pr.canonical_domain, c.email_domain_raw)';
  const line2Unit = d.regexExtract('c.line2', '([a-z0-9]+)$', 1);
  const records = `
    SELECT c.source_system, c.source_stream, c.source_record_id, c.record_key,
      ${d.concat([emailLocal, "'@'", emailDomain])} AS email,
      ${emailLocal} AS email_local, ${emailDomain} AS email_domain,
      NULLIF(${d.regexReplace(emailLocal, '[^a-z]', '')}, '') AS email_local_key,
      CASE WHEN g.local_part IS NOT NULL THEN TRUE ELSE FALSE END AS email_is_generic,
      ${d.concat(["'+1'", 'c.phone10'])} AS phone,
      SUBSTRING(c.phone10, 4, 7) AS phone_last7,
      c.phone_type,
      c.first_name,
      COALESCE(nk.canonical, c.first_name) AS first_name_canonical,
      SUBSTRING(c.first_name, 1, 1) AS first_initial,
      c.middle_name, c.last_name,
      ${d.soundex('c.last_name')} AS last_name_soundex,
      c.name_suffix,
      a.house_number, a.street,
      COALESCE(a.unit, ${line2Unit}) AS unit,
      CASE WHEN a.house_number IS NOT NULL AND a.street IS NOT NULL THEN ${d.concat(['a.house_number', "' '", 'a.street'])} END AS address,
      c.city, c.state, c.zip5,
      ${d.cast('c.birth_date', 'text')} AS birth_date,
      ${d.cast(`EXTRACT(YEAR FROM c.birth_date)`, 'text')} AS birth_year,
      c.created_at, c.updated_at, c._batch_id
      ${extraIdentifiers.map((x) => `, c.${q(x)}`).join('')}
    FROM cpm_identity_cleaned AS c
    LEFT JOIN cpm_identity_address AS a ON a.record_key = c.record_key
    LEFT JOIN ${seed(d, 'email_provider_rules')} AS pr ON pr.domain = c.email_domain_raw
    LEFT JOIN ${seed(d, 'generic_email_local_parts')} AS g ON g.local_part = ${plusless}
    LEFT JOIN ${seed(d, 'nicknames')} AS nk ON nk.nickname = c.first_name`;

  const temporary = ['cpm_identity_cleaned', 'cpm_identity_tokens', 'cpm_identity_layout', 'cpm_identity_address'];
  return [
    d.createTempTableAs(q('cpm_identity_cleaned'), cleaned),
    d.createTempTableAs(q('cpm_identity_tokens'), tokens),
    d.createTempTableAs(q('cpm_identity_layout'), layout),
    d.createTempTableAs(q('cpm_identity_address'), address),
    d.createTableAs(qualified(d, target), records, true),
    ...temporary.map((t) => d.dropTable(q(t))),
  ];
}

/**
 * identity.shared_emails: a mailbox seen with two first names that cannot be one person's is a
 * shared (household) mailbox, on which the email rule can be told not to match by itself. A
 * mailbox on very many records is shared by definition (and comparing all of them is quadratic).
 */
export function sharedEmailsStatement(d: Dialect): string {
  return d.createTableAs(qualified(d, sharedEmailsTable), sharedEmailsSelect(d), true);
}

/** The shared mailboxes among the records of `records` (every record by default; a table with
 * their record_key, email and first-name columns: all records on some mailboxes, say). */
export function sharedEmailsSelect(d: Dialect, records = qualified(d, recordsTable)): string {
  return `
    SELECT email FROM ${records} AS r WHERE email IS NOT NULL GROUP BY email HAVING COUNT(*) > ${sharedMailboxSize}
    UNION
    SELECT a.email FROM ${records} AS a
    JOIN ${records} AS b ON b.email = a.email AND a.record_key < b.record_key
    WHERE a.email IN (SELECT email FROM ${records} AS c GROUP BY email HAVING COUNT(*) BETWEEN 2 AND ${sharedMailboxSize})
      AND ${firstNameConflict(d, 'a', 'b')}`;
}
