// privacy.requests: the register of privacy requests (GDPR art. 30 / CCPA record keeping): who
// asked for what, when, and how many rows it touched. It names the person only by the SHA-256
// of the normalised email or id asked for, so the register outlives the erasure it records.
import { randomBytes } from 'node:crypto';
import { currentActor } from '../lineage/audit-log.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import type { Dialect } from '../dialect/dialect.js';

export const requestsTable = 'privacy.requests';

export function newRequestId(date = new Date()): string {
  return `pr-${date.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

export interface RequestRecord {
  requestId: string;
  action: 'export' | 'erase';
  status: 'completed' | 'already_erased';
  lookup: 'email' | 'constituent';
  subjectHash: string;
  reason?: string;
  runId: string;
  detail: Record<string, unknown>;
}

/** The INSERT of one request row (a statement, so an erasure can commit it with its deletes). */
export function requestInsert(d: Dialect, r: RequestRecord): string {
  const columns = ['request_id', 'action', 'status', 'lookup', 'subject_hash', 'reason', 'actor', 'run_id', 'requested_at', 'detail'];
  const values = [r.requestId, r.action, r.status, r.lookup, r.subjectHash, r.reason ?? null, currentActor(), r.runId].map((v) => d.literal(v));
  values.push(timestampLiteral(d, nowText()), d.literal(JSON.stringify(r.detail)));
  return `INSERT INTO ${qualified(d, requestsTable)} (${columns.map((c) => d.quoteIdent(c)).join(', ')}) VALUES (${values.join(', ')})`;
}
