// Survivorship: which linked record supplies each canonical field of a golden record, by the
// per-field rules of identity.yaml, and every disagreement logged to golden.conflict_log.
// A field group (name = first + last, address = all its lines) always comes from one record,
// so a canonical address is never stitched together from two.
import type { IdentityFile } from '../config/identity-schema.js';
import type { Dialect } from '../dialect/dialect.js';

type Rule = IdentityFile['survivorship']['email'];

interface FieldGroup {
  field: keyof IdentityFile['survivorship'];
  /** The record has this field. */
  present: string;
  /** Canonical column -> expression over a survivorship candidate row. */
  outputs: Record<string, string>;
  /** Normalized value: two records disagree when these differ. */
  key: string;
  /** Text whose length the `longest` rule compares. */
  text: string;
}

const groups: FieldGroup[] = [
  { field: 'email', present: 'email_value IS NOT NULL', outputs: { canonical_email: 'email_value' }, key: 'email_key', text: 'email_value' },
  {
    field: 'name',
    present: '(first_name_value IS NOT NULL OR last_name_value IS NOT NULL)',
    outputs: { canonical_first_name: 'first_name_value', canonical_last_name: 'last_name_value' },
    key: 'name_key',
    text: "COALESCE(first_name_value, '') || COALESCE(middle_name_value, '') || COALESCE(last_name_value, '')",
  },
  {
    field: 'address',
    present: 'address_line1_value IS NOT NULL',
    outputs: {
      canonical_address_line1: 'address_line1_value',
      canonical_address_line2: 'address_line2_value',
      canonical_city: 'city_value',
      canonical_state: 'state_value',
      canonical_zip: 'zip_value',
      canonical_country: 'country_value',
    },
    key: 'address_key',
    text: 'address_line1_value',
  },
  { field: 'phone', present: 'phone_value IS NOT NULL', outputs: { canonical_phone: 'phone_value' }, key: 'phone_value', text: 'phone_value' },
];

const recent = 'updated_at DESC NULLS LAST';

function ruleOrder(rule: Rule, text: string): string[] {
  switch (rule) {
    case 'most_recently_engaged':
      return ['last_engaged_at DESC NULLS LAST', recent, 'record_key'];
    case 'longest':
      return [`LENGTH(${text}) DESC`, recent, 'record_key'];
    case 'most_recently_updated':
      return [recent, 'record_key'];
    case 'mobile_then_most_recent':
      return ["CASE WHEN phone_type = 'mobile' THEN 0 ELSE 1 END", recent, 'record_key'];
  }
}

/** The surviving record of one field group per constituent. Only the keys ride through the
 * window: with every candidate column as its payload it cost 2.5 times as much. */
function survivorSelect(d: Dialect, g: FieldGroup, rule: Rule, candidates: string): string {
  const ranked = `SELECT c.constituent_id, c.record_key, ${d.rowNumber(['c.constituent_id'], ruleOrder(rule, g.text))} AS survivor_rank FROM ${candidates} AS c WHERE ${g.present}`;
  return `SELECT constituent_id, record_key FROM (${ranked}) AS r WHERE survivor_rank = 1`;
}

const sourceRecord = (g: FieldGroup) => `${g.field}_source_record`;

/**
 * Per constituent of `candidates`, the record each field group survives from (columns
 * <field>_source_record, its lineage in the golden record; NULL when no record has the field).
 * `candidates` is a table with the *_value, *_key, phone_type, updated_at, last_engaged_at and
 * record_key columns (see golden.ts); canonicalFieldsSelect and conflictsSelect read both.
 */
export function survivorsSelect(d: Dialect, config: IdentityFile, candidates: string): string {
  const joins = groups.map((g) => `LEFT JOIN (${survivorSelect(d, g, config.survivorship[g.field], candidates)}) AS ${g.field} ON ${g.field}.constituent_id = ids.constituent_id`);
  return `SELECT ids.constituent_id, ${groups.map((g) => `${g.field}.record_key AS ${sourceRecord(g)}`).join(', ')}
    FROM (SELECT DISTINCT constituent_id FROM ${candidates}) AS ids
    ${joins.join('\n    ')}`;
}

/** The canonical columns (and their source-record columns) whose rule ranks records by their
 * last engagement, so that new events alone can change them. */
export function engagementRankedColumns(config: IdentityFile): string[] {
  return groups.filter((g) => config.survivorship[g.field] === 'most_recently_engaged').flatMap((g) => [...Object.keys(g.outputs), sourceRecord(g)]);
}

/** The canonical fields per constituent_id: the survivors' values, from the candidates. */
export function canonicalFieldsSelect(candidates: string, survivors: string): string {
  const joins = groups.map((g) => `LEFT JOIN ${candidates} AS ${g.field} ON ${g.field}.record_key = s.${sourceRecord(g)}`);
  const cols = groups.flatMap((g) => Object.entries(g.outputs).map(([col, expr]) => `${g.field}.${expr} AS ${col}`));
  // Lineage of each value: the record ('source_system:source_record_id') that supplied it.
  cols.push(...groups.map((g) => `s.${sourceRecord(g)}`));
  return `SELECT s.constituent_id, ${cols.join(', ')}
    FROM ${survivors} AS s
    ${joins.join('\n    ')}`;
}

/** Every record whose value of a field group differs from the surviving one. */
export function conflictsSelect(d: Dialect, config: IdentityFile, candidates: string, survivors: string, runId: string): string {
  return groups
    .map((g) => {
      const display = (t: string) =>
        Object.values(g.outputs)
          .map((e) => `COALESCE(${t}.${e}, '')`)
          .join(` || ' ' || `);
      return `SELECT c.constituent_id, ${d.stringLiteral(g.field)} AS field, ${d.stringLiteral(config.survivorship[g.field])} AS rule,
          w.record_key AS chosen_record, TRIM(${display('w')}) AS chosen_value, c.record_key AS other_record, TRIM(${display('c')}) AS other_value,
          ${d.stringLiteral(runId)} AS run_id
        FROM (SELECT * FROM ${candidates} WHERE ${g.present}) AS c
        JOIN ${survivors} AS s ON s.constituent_id = c.constituent_id
        JOIN ${candidates} AS w ON w.record_key = s.${sourceRecord(g)}
        WHERE c.${g.key} <> w.${g.key}`;
    })
    .join('\nUNION ALL\n');
}
