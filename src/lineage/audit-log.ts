// meta.audit_log: who did what, when. Every run, step, review decision, export, rollback and
// privacy action adds a row, so an auditor can answer "who changed this, and when" from SQL.
import { userInfo } from 'node:os';
import { nowText } from '../pipeline/run-context.js';
import { insertRows } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export type AuditAction =
  | 'run_start'
  | 'run_finish'
  | 'step'
  | 'review_decision'
  | 'export'
  | 'snapshot'
  | 'rollback'
  | 'privacy_export'
  | 'privacy_erase'
  | 'quality_notify';

/** The person or service acting: $CPM_ACTOR (set it in schedulers), else the OS user. */
export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
  const named = env['CPM_ACTOR']?.trim();
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): still say who, as far as the process knows.
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}

export interface AuditEntry {
  runId: string | null;
  action: AuditAction;
  /** What was acted on and how, as JSON (parsed by `cpm runs` and tests). */
  detail: Record<string, unknown>;
  actor?: string;
}

export async function audit(wh: Warehouse, entry: AuditEntry): Promise<void> {
  await insertRows(wh, 'meta.audit_log', ['at', 'run_id', 'actor', 'action', 'detail'], [[nowText(), entry.runId, entry.actor ?? currentActor(), entry.action, JSON.stringify(entry.detail)]]);
}
