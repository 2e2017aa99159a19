// Keeping erased people out of later loads, and out of restored tables.
//  - After landing (suppressLanded): a new person row whose normalised email or phone is on the
//    suppression list is the erased person again under a new record id; its record key joins the
//    list. Then every new raw row of a suppressed record is redacted, as the erasure did.
//  - After staging (suppressStaged): rows of suppressed records leave the staging tables (and so
//    staging.person_records, identity and golden never see them); each of their raw rows gets a
//    quarantine entry 'suppressed (privacy erase <request id>)'.
//  - After a rollback restores golden, identity or mart tables (applyErasures): rows of
//    suppressed people are deleted again, so an erasure is never undone by going back in time.
// Each step covers the raw batches since it last ran (meta.model_state), so a load costs a hash
// per new row, and nothing at all while the suppression list is empty.
import { stageableUpTo } from '../pipeline/batches.js';
import { modelCatalog } from '../pipeline/model-catalog.js';
import { qualified } from '../pipeline/meta-tables.js';
import { lastConsumedBatch } from '../pipeline/models/materialize.js';
import { nowText, type RunContext } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import { stagedValue } from '../pipeline/staging/stream-sql.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { canonicalEmailSql, canonicalPhoneSql } from './normalized-values.js';
import { derivedSchemas, personTables, rawRule } from './person-rows.js';
import { type BatchWindow, quarantineSuppressed, quarantineTable, type Redaction, redactRaw, redactRejectedLines } from './raw-redaction.js';
import { suppressedHashes, suppressedScope, suppressionTable } from './scope.js';
import type { StreamPrivacy } from './stream-privacy.js';
import { rawRecordKey } from './stream-privacy.js';
import { privacyContext, type PrivacyContext } from './subject.js';
import { suppressionCount } from './suppression-list.js';

async function count(wh: Warehouse, table: string, where: string): Promise<number> {
  const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
  return Number(row?.['n'] ?? 0);
}

export const landingState = 'privacy.landing';
export const stagingState = 'privacy.staging';

export async function saveState(wh: Warehouse, model: string, batch: number): Promise<void> {
  const d = wh.dialect;
  const source = `SELECT ${d.stringLiteral(model)} AS model, CAST(${batch} AS ${d.type('bigint')}) AS last_batch_id, ${timestampLiteral(d, nowText())} AS updated_at`;
  await wh.execute(d.merge({ target: qualified(d, 'meta.model_state'), source, keys: ['model'], columns: ['model', 'last_batch_id', 'updated_at'] }));
}

/** Record keys of new person rows carrying a suppressed email or phone: the list learns them. */
function learnStatement(p: PrivacyContext, s: StreamPrivacy, w: BatchWindow): string | null {
  const d = p.wh.dialect;
  if (!s.personRecord || (!s.email && !s.phone)) return null;
  const none = d.cast('NULL', 'text');
  const email = s.email ? d.sha256(canonicalEmailSql(d, stagedValue(d, s.email), p.rules)) : none;
  const phone = s.phone ? d.sha256(canonicalPhoneSql(d, stagedValue(d, s.phone))) : none;
  const rows = `SELECT DISTINCT ${d.sha256(rawRecordKey(d, s, s.personRecord))} AS key_hash, ${email} AS email_hash, ${phone} AS phone_hash
    FROM ${s.rawTable} WHERE _batch_id > ${w.after} AND _batch_id <= ${w.upTo}`;
  const list = qualified(d, suppressionTable);
  return `INSERT INTO ${list} (request_id, kind, value_hash, added_by, added_at)
    SELECT MIN(l.request_id), 'record', x.key_hash, 'landing', ${timestampLiteral(d, nowText())}
    FROM (${rows}) AS x
    JOIN ${list} AS l ON (l.kind = 'email' AND l.value_hash = x.email_hash) OR (l.kind = 'phone' AND l.value_hash = x.phone_hash)
    WHERE x.key_hash IS NOT NULL AND x.key_hash NOT IN (${suppressedHashes(d, 'record')})
    GROUP BY x.key_hash`;
}

/** After landing: learn new records of suppressed people, then redact the new raw rows of every suppressed record. */
export async function suppressLanded(ctx: RunContext): Promise<void> {
  const { wh } = ctx;
  if (!(await suppressionCount(wh))) return;
  const window: BatchWindow = { after: await lastConsumedBatch(wh, landingState), upTo: await stageableUpTo(wh) };
  if (window.after >= window.upTo) return;
  const p = privacyContext(ctx);
  const streams = [];
  for (const s of p.streams) if (await wh.tableExists(s.raw)) streams.push(s);
  for (const s of streams) {
    const learn = learnStatement(p, s, window);
    if (learn) await wh.execute(learn);
  }
  const scope = suppressedScope(wh.dialect);
  const redactions: Array<{ table: string; redaction: Redaction | null }> = [];
  for (const s of streams) redactions.push({ table: s.rawTable, redaction: redactRaw(wh.dialect, s, await wh.columns(s.raw), scope, p.rules, window) });
  const lines = redactRejectedLines(wh.dialect, await wh.columns({ schema: 'quality', name: 'quarantine' }), scope, p.rules, window);
  redactions.push({ table: qualified(wh.dialect, quarantineTable), redaction: lines });
  // Counted first: an erased person rarely comes back, and on Spark an UPDATE is a table rewrite.
  for (const { table, redaction } of redactions) if (redaction && (await count(wh, table, redaction.where))) await wh.execute(redaction.statement);
  await saveState(wh, landingState, window.upTo);
}

/** After staging: suppressed records' rows leave staging, their raw rows are quarantined with the reason. */
export async function suppressStaged(ctx: RunContext, options: { fullRefresh?: boolean } = {}): Promise<number> {
  const { wh } = ctx;
  const d = wh.dialect;
  if (!(await suppressionCount(wh))) return 0;
  const window: BatchWindow = { after: options.fullRefresh ? 0 : await lastConsumedBatch(wh, stagingState), upTo: await stageableUpTo(wh) };
  if (window.after >= window.upTo) return 0;
  const p = privacyContext(ctx);
  const scope = suppressedScope(d);
  let removed = 0;
  for (const s of p.streams) {
    const rule = rawRule(d, s, scope);
    if (!rule || !(await wh.tableExists(s.raw))) continue;
    if (!(await count(wh, s.rawTable, `(${rule}) AND _batch_id > ${window.after} AND _batch_id <= ${window.upTo}`))) continue;
    for (const statement of quarantineSuppressed(d, s, scope, window)) await wh.execute(statement);
  }
  for (const t of await personTables(wh, scope, { schemas: ['staging'], streams: p.streams })) {
    const where = `(${t.where})${t.columns.includes('_batch_id') ? ` AND _batch_id > ${window.after} AND _batch_id <= ${window.upTo}` : ''}`;
    const n = await count(wh, t.sql, where);
    if (n) await wh.execute(d.deleteWhere(t.sql, where));
    removed += n;
  }
  if (removed) ctx.log.info(`privacy: ${removed} staging row(s) of erased people left out (quarantined as suppressed)`);
  await saveState(wh, stagingState, window.upTo);
  return removed;
}

export interface ErasureCounts {
  table: string;
  rows: number;
}

/**
 * Deletes the rows of everyone on the suppression list from the derived layers (staging,
 * identity, golden, dimensions, marts, metrics by default). For the snapshot and rollback code:
 * call it right after restoring tables, so no erased person comes back. Idempotent; with
 * `streams` (privacyContext(ctx).streams) the staging stream tables are searched too.
 */
export async function applyErasures(wh: Warehouse, options: { schemas?: string[]; streams?: StreamPrivacy[]; views?: string[] } = {}): Promise<ErasureCounts[]> {
  if (!(await suppressionCount(wh))) return [];
  const d = wh.dialect;
  const out: ErasureCounts[] = [];
  const tables = await personTables(wh, suppressedScope(d), { schemas: options.schemas ?? derivedSchemas, streams: options.streams, views: options.views });
  for (const t of tables) {
    const rows = await count(wh, t.sql, t.where);
    if (!rows) continue;
    await wh.execute(d.deleteWhere(t.sql, t.where));
    out.push({ table: `${t.table.schema}.${t.table.name}`, rows });
  }
  return out;
}

/** Views of the model catalog: their rows are their tables', and nothing can be deleted from them. */
export function catalogViews(ctx: Pick<RunContext, 'project' | 'wh'>): string[] {
  return modelCatalog(ctx.project, ctx.wh.dialect)
    .filter((m) => m.config.materialized === 'view')
    .map((m) => m.name);
}

/** applyErasures with what a run knows (the stream mappings, the catalog's views): what
 * `cpm rollback` calls once it has restored tables. */
export async function reapplyErasures(ctx: RunContext): Promise<ErasureCounts[]> {
  return applyErasures(ctx.wh, { streams: privacyContext(ctx).streams, views: catalogViews(ctx) });
}
