// `cpm privacy erase`: removes a person's personal data from every layer, puts them on the
// suppression list and records the request. On engines with multi-table transactions (DuckDB,
// PostgreSQL, Snowflake) it all commits at once, the request row included; elsewhere every
// statement is idempotent, so repeating the request after a failure finishes it.
import { audit } from '../lineage/audit-log.js';
import { stageableUpTo } from '../pipeline/batches.js';
import { forgetDerivedState } from '../pipeline/derived-state.js';
import { lastConsumedBatch } from '../pipeline/models/materialize.js';
import type { RunContext } from '../pipeline/run-context.js';
import { inTransaction } from '../warehouse/transaction.js';
import { planErase, type TableAction } from './erase-plan.js';
import { newRequestId, requestInsert } from './requests.js';
import type { SuppressionKind } from './scope.js';
import { applyErasures, catalogViews, landingState, saveState, stagingState } from './suppress-loads.js';
import { findSubject, type Lookup, privacyContext } from './subject.js';

export interface EraseOptions {
  reason?: string;
  /** Plan only: count what would go, change nothing. */
  dryRun?: boolean;
}

export interface EraseResult {
  request_id: string;
  status: 'completed' | 'already_erased' | 'planned';
  constituent_ids: string[];
  records: number;
  suppressed: Record<SuppressionKind, number>;
  not_suppressed: { shared_emails: number; shared_phones: number; generic_emails: number };
  tables: TableAction[];
  /** Earlier requests that erased the same email or id. */
  erased_before: string[];
}

const noneSuppressed = (): Record<SuppressionKind, number> => ({ record: 0, constituent: 0, email: 0, phone: 0 });

export async function erasePerson(ctx: RunContext, lookup: Lookup, options: EraseOptions = {}): Promise<EraseResult> {
  const { wh } = ctx;
  const p = privacyContext(ctx);
  const subject = await findSubject(p, lookup);
  const requestId = newRequestId();
  const base = { request_id: requestId, constituent_ids: subject.constituentIds, records: subject.records.length, erased_before: subject.erasedBy };
  const views = catalogViews(ctx);

  if (!subject.records.length && !subject.constituentIds.length) {
    // Erased before: nothing is held any more, but a restore since may have brought rows back.
    const result: EraseResult = { ...base, status: options.dryRun ? 'planned' : 'already_erased', suppressed: noneSuppressed(), not_suppressed: { shared_emails: 0, shared_phones: 0, generic_emails: 0 }, tables: [] };
    if (options.dryRun) return result;
    const again = await applyErasures(wh, { streams: p.streams, views });
    result.tables = again.map((t) => ({ table: t.table, action: 'delete', rows: t.rows }));
    await record(ctx, result, subject.lookup, subject.lookupHash, options.reason, []);
    return result;
  }

  const plan = await planErase(p, subject, requestId, views);
  const result: EraseResult = {
    ...base,
    status: options.dryRun ? 'planned' : 'completed',
    suppressed: plan.suppressed,
    not_suppressed: { shared_emails: plan.notSuppressed.sharedEmails, shared_phones: plan.notSuppressed.sharedPhones, generic_emails: plan.notSuppressed.genericEmails },
    tables: plan.actions,
  };
  if (options.dryRun) return result;
  await record(ctx, result, subject.lookup, subject.lookupHash, options.reason, plan.statements);
  // The erasure covered every landed and staged row: later loads start after them.
  await saveState(wh, landingState, Math.max(await lastConsumedBatch(wh, landingState), await stageableUpTo(wh)));
  if (!(await lastConsumedBatch(wh, stagingState))) {
    const staged = await Promise.all(p.streams.map((s) => lastConsumedBatch(wh, s.stagingName)));
    await saveState(wh, stagingState, staged.length ? Math.min(...staged) : 0);
  }
  // Marts and metrics counted the person: the next `cpm run` rebuilds them.
  await forgetDerivedState(ctx);
  return result;
}

/** The request row commits with the erasure's statements; the audit row follows. */
async function record(ctx: RunContext, result: EraseResult, lookup: 'email' | 'constituent', subjectHash: string, reason: string | undefined, statements: string[]): Promise<void> {
  const detail = { constituents: result.constituent_ids.length, records: result.records, suppressed: result.suppressed, not_suppressed: result.not_suppressed, tables: result.tables };
  const request = requestInsert(ctx.wh.dialect, { requestId: result.request_id, action: 'erase', status: result.status === 'already_erased' ? 'already_erased' : 'completed', lookup, subjectHash, reason, runId: ctx.runId, detail });
  await inTransaction(ctx.wh, [request, ...statements]);
  await audit(ctx.wh, { runId: ctx.runId, action: 'privacy_erase', detail: { request_id: result.request_id, status: result.status, lookup, ...detail } });
}
