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

/** Candidates ranked per constituent for one field group (rank 1 survives). */
function ranked(d: Dialect, g: FieldGroup, rule: Rule, candidates: string): string {
  return `SELECT c.*, ${d.rowNumber(['constituent_id'], ruleOrder(rule, g.text))} AS survivor_rank FROM ${candidates} AS c WHERE ${g.present}`;
}

/** The canonical columns (and their source-record columns) whose rule ranks records by their
 * last engagement, so that new events alone can change them. */
export function engagementRankedColumns(config: IdentityFile): string[] {
  return groups.filter((g) => config.survivorship[g.field] === 'most_recently_engaged').flatMap((g) => [...Object.keys(g.outputs), `${g.field}_source_record`]);
}

/**
 * The canonical fields per constituent_id, from `candidates` (a table with the *_value, *_key,
 * phone_type, updated_at, last_engaged_at and record_key columns; see golden.ts).
 */
export function canonicalFieldsSelect(d: Dialect, config: IdentityFile, candidates: string): string {
  const joins = groups.map((g) => `LEFT JOIN (${ranked(d, g, config.survivorship[g.field], candidates)}) AS ${g.field} ON ${g.field}.constituent_id = ids.constituent_id AND ${g.field}.survivor_rank = 1`);
  const cols = groups.flatMap((g) => Object.entries(g.outputs).map(([col, expr]) => `${g.field}.${expr} AS ${col}`));
  // Lineage of each value: the record ('source_system:source_record_id') that supplied it.
  cols.push(...groups.map((g) => `${g.field}.record_key AS ${g.field}_source_record`));
  return `SELECT ids.constituent_id, ${cols.join(', ')}
    FROM (SELECT DISTINCT constituent_id FROM ${candidates}) AS ids
    ${joins.join('\n    ')}`;
}

/** Every record whose value of a field group differs from the surviving one. One pass per group:
 * the survivor's values reach every row of its constituent through FIRST_VALUE over the same order. */
export function conflictsSelect(d: Dialect, config: IdentityFile, candidates: string, runId: string): string {
  return groups
    .map((g) => {
      const rule = config.survivorship[g.field];
      const display = Object.values(g.outputs)
        .map((e) => `COALESCE(${e}, '')`)
        .join(` || ' ' || `);
      const order = `OVER (PARTITION BY constituent_id ORDER BY ${ruleOrder(rule, g.text).join(', ')})`;
      const ranked = `SELECT x.*, ROW_NUMBER() ${order} AS survivor_rank, FIRST_VALUE(x.record_key) ${order} AS chosen_record,
          FIRST_VALUE(x.display) ${order} AS chosen_display, FIRST_VALUE(x.${g.key}) ${order} AS chosen_key
        FROM (SELECT c.*, ${display} AS display FROM ${candidates} AS c WHERE ${g.present}) AS x`;
      return `SELECT r.constituent_id, ${d.stringLiteral(g.field)} AS field, ${d.stringLiteral(rule)} AS rule,
          r.chosen_record, TRIM(r.chosen_display) AS chosen_value, r.record_key AS other_record, TRIM(r.display) AS other_value,
          ${d.stringLiteral(runId)} AS run_id
        FROM (${ranked}) AS r WHERE r.survivor_rank > 1 AND r.${g.key} <> r.chosen_key`;
    })
    .join('\nUNION ALL\n');
}
