// Who a statement is about, as SQL conditions. A request in progress knows its person's record
// keys and constituent ids, and matches them as literals (exact and cheap). Everything that runs
// later (a load after an erasure, a rollback) knows only the suppression list, and matches the
// SHA-256 of each row's key against it. Both answer the same question, so one set of table rules
// (person-rows.ts) serves exports, erasures, loads and restores.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { inTextList } from '../pipeline/sql-values.js';

export const suppressionTable = 'privacy.suppression_list';

export type SuppressionKind = 'email' | 'phone' | 'record' | 'constituent';

export interface Scope {
  /** The text expression is one of the person's record keys ("source_system:source_record_id"). */
  record(key: string): string;
  /** The text expression is one of the person's constituent ids. */
  constituent(id: string): string;
  /** The normalised email expression is one of the person's (suppressed) addresses. */
  email(email: string): string;
  /** A text expression: the privacy request that put the record key on the list. */
  requestOf(key: string): string;
}

export interface LiteralPerson {
  records: readonly string[];
  constituentIds: readonly string[];
  emails: readonly string[];
  requestId?: string;
}

export function literalScope(d: Dialect, person: LiteralPerson): Scope {
  return {
    record: (key) => inTextList(d, key, person.records),
    constituent: (id) => inTextList(d, id, person.constituentIds),
    email: (email) => inTextList(d, email, person.emails),
    requestOf: () => d.literal(person.requestId ?? null),
  };
}

/** Rows of the suppression list of one kind (of one request, when given). */
export function suppressedHashes(d: Dialect, kind: SuppressionKind, requestId?: string): string {
  const request = requestId ? ` AND request_id = ${d.stringLiteral(requestId)}` : '';
  return `SELECT value_hash FROM ${qualified(d, suppressionTable)} WHERE kind = ${d.stringLiteral(kind)}${request}`;
}

/** Everyone on the suppression list (or everyone one request put there). */
export function suppressedScope(d: Dialect, requestId?: string): Scope {
  const on = (kind: SuppressionKind) => (expr: string) => `${d.sha256(expr)} IN (${suppressedHashes(d, kind, requestId)})`;
  const requestOf = (key: string) =>
    `(SELECT MIN(request_id) FROM ${qualified(d, suppressionTable)} WHERE kind = 'record' AND value_hash = ${d.sha256(key)})`;
  return { record: on('record'), constituent: on('constituent'), email: on('email'), requestOf };
}
