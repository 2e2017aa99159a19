// Where a person's rows are, table by table: the condition that picks them out. Staging stream
// tables and raw tables are read through their mapping (which columns name a person record);
// every other table of the derived layers by the columns it has, so tables added later (by a new
// mart, or by a snapshot kept as a copy) are covered without a list to keep up to date:
//   constituent_id, old_constituent_id, new_constituent_id        -> the person's constituent ids
//   record_key, key_a, key_b, chosen_record, other_record          -> the person's record keys
//   source_system + source_record_id                               -> the same, as a pair
// A table with none of these (an aggregate such as marts.membership_renewals) holds counts, not
// people, and is left as it is.
import type { Dialect } from '../dialect/dialect.js';
import { stagedValue } from '../pipeline/staging/stream-sql.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';
import { canonicalEmailSql, type EmailRules } from './normalized-values.js';
import type { Scope } from './scope.js';
import { rawRecordKey, stagedRecordKey, type StreamPrivacy } from './stream-privacy.js';

/** Layers whose tables are searched by their columns. Raw is searched through the mappings.
 * `snapshots` holds the copies (DuckDB, PostgreSQL) and clones (Snowflake) of published tables
 * that `cpm rollback` restores (src/publish/): an erasure reaches them too. */
export const derivedSchemas = ['staging', 'identity', 'golden', 'dimensions', 'marts', 'metrics', 'snapshots'];

/** Views: their rows are another table's, and they cannot be deleted from. */
export const knownViews = ['staging.events', 'golden.engagement_events'];

/** Tables whose only link to a person is a normalised value (and their snapshot copies,
 * named <run>__<schema>__<table>). */
const valueTables: [pattern: RegExp, columns: { email: string }][] = [[/(^identity\.|__identity__)shared_emails$/, { email: 'email' }]];

export interface PersonTable {
  table: TableRef;
  /** Quoted name. */
  sql: string;
  columns: string[];
  /** SQL condition true on the person's rows. */
  where: string;
}

const constituentColumns = ['constituent_id', 'old_constituent_id', 'new_constituent_id'];
const recordColumns = ['record_key', 'key_a', 'key_b', 'chosen_record', 'other_record'];

/** The condition for a table of a derived layer, from its columns; null when it holds no person. */
export function columnRule(d: Dialect, name: string, columns: string[], scope: Scope): string | null {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), d.quoteIdent(c)]));
  const parts: string[] = [];
  for (const c of constituentColumns) if (byLower.has(c)) parts.push(scope.constituent(byLower.get(c)!));
  for (const c of recordColumns) if (byLower.has(c)) parts.push(scope.record(byLower.get(c)!));
  const system = byLower.get('source_system');
  const id = byLower.get('source_record_id');
  if (system && id) parts.push(scope.record(d.concat([system, "':'", d.cast(id, 'text')])));
  const value = valueTables.find(([pattern]) => pattern.test(name))?.[1];
  if (value && byLower.has(value.email)) parts.push(scope.email(byLower.get(value.email)!));
  return parts.length ? parts.map((p) => `(${p})`).join(' OR ') : null;
}

/** A staging stream table's rows of the person: those naming one of their records. */
export function stagedRule(d: Dialect, s: StreamPrivacy, scope: Scope): string | null {
  const parts = s.recordColumns.map((c) => `(${scope.record(stagedRecordKey(d, s, c))})`);
  return parts.length ? parts.join(' OR ') : null;
}

/** A raw table's rows of the person's records, keys typed as staging types them. */
export function rawRule(d: Dialect, s: StreamPrivacy, scope: Scope): string | null {
  const parts = s.recordColumns.map((c) => `(${scope.record(rawRecordKey(d, s, c))})`);
  return parts.length ? parts.join(' OR ') : null;
}

/** rawRule, plus person rows carrying one of the person's (suppressed) emails whatever their key:
 * a row without one (quarantined as such) still holds the person's data. */
export function rawPersonRule(d: Dialect, s: StreamPrivacy, scope: Scope, rules: EmailRules): string | null {
  const parts = [rawRule(d, s, scope)].filter((p): p is string => !!p);
  if (s.email) parts.push(`(${scope.email(canonicalEmailSql(d, stagedValue(d, s.email), rules))})`);
  return parts.length ? parts.join(' OR ') : null;
}

export interface FindOptions {
  schemas?: string[];
  /** Stream mappings: without them, staging stream tables are not searched. */
  streams?: StreamPrivacy[];
  /** Views beyond knownViews (the model catalog's). */
  views?: string[];
  /** Read views too (an export shows golden.engagement_events; an erasure cannot delete from it). */
  includeViews?: boolean;
}

/** Every table of the derived layers that holds rows of people, with the condition for the person. */
export async function personTables(wh: Warehouse, scope: Scope, options: FindOptions = {}): Promise<PersonTable[]> {
  const d = wh.dialect;
  const views = new Set([...knownViews, ...(options.views ?? [])]);
  const streams = new Map((options.streams ?? []).map((s) => [s.stagingName, s]));
  const out: PersonTable[] = [];
  for (const schema of options.schemas ?? derivedSchemas) {
    for (const name of await wh.listTables(schema)) {
      const full = `${schema}.${name}`;
      if (views.has(full) && !options.includeViews) continue;
      const columns = await wh.columns({ schema, name });
      const stream = streams.get(full);
      const where = stream ? stagedRule(d, stream, scope) : columnRule(d, full, columns, scope);
      if (where) out.push({ table: { schema, name }, sql: d.table(schema, name), columns, where });
    }
  }
  return out;
}
