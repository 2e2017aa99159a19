// `cpm privacy export`: everything held about one person, as one JSON document (a subject access
// request, GDPR art. 15 / CCPA "right to know"): every raw row of their records with its batch,
// file and line; what staging made of them; their quarantine entries; the identity working rows;
// the golden record with its links, events, conflicts, match audit and review history; every mart
// row keyed by them. It reads the same tables, through the same rules, that an erasure deletes.
import { audit } from '../lineage/audit-log.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText, type RunContext } from '../pipeline/run-context.js';
import type { Row } from '../warehouse/warehouse.js';
import { personTables, rawPersonRule } from './person-rows.js';
import { quarantinedRule, quarantineTable, rejectedLinesRule } from './raw-redaction.js';
import { newRequestId, requestInsert } from './requests.js';
import { literalScope } from './scope.js';
import { findSubject, type Lookup, privacyContext } from './subject.js';

export interface PersonExport {
  request_id: string;
  generated_at: string;
  subject: {
    lookup: 'email' | 'constituent';
    constituent_ids: string[];
    former_constituent_ids: string[];
    records: string[];
    /** Requests that erased this email or id before. */
    erased_by: string[];
  };
  /** "schema.table" -> the person's rows; tables without any are left out. */
  tables: Record<string, Row[]>;
  notes: string[];
}

export async function exportPerson(ctx: RunContext, lookup: Lookup): Promise<PersonExport> {
  const { wh } = ctx;
  const d = wh.dialect;
  const p = privacyContext(ctx);
  const subject = await findSubject(p, lookup);
  const constituentIds = [...subject.constituentIds, ...subject.formerIds];
  const scope = literalScope(d, { records: subject.records, constituentIds, emails: subject.emails });
  const tables: Record<string, Row[]> = {};
  const read = async (name: string, sql: string) => {
    const rows = await wh.query(sql);
    if (rows.length) tables[name] = [...(tables[name] ?? []), ...rows];
  };
  for (const s of p.streams) {
    const rule = rawPersonRule(d, s, scope, p.rules);
    if (!rule || !(await wh.tableExists(s.raw))) continue;
    await read(s.rawName, `SELECT * FROM ${s.rawTable} WHERE ${rule} ORDER BY _batch_id, _source_row`);
    const quarantined = quarantinedRule(d, s, scope);
    if (quarantined) await read(quarantineTable, `SELECT * FROM ${qualified(d, quarantineTable)} WHERE ${quarantined} ORDER BY batch_id, source_row`);
  }
  const rejected = rejectedLinesRule(d, subject.writtenEmails);
  if (rejected) await read(quarantineTable, `SELECT * FROM ${qualified(d, quarantineTable)} WHERE ${rejected} ORDER BY batch_id, source_row`);
  for (const t of await personTables(wh, scope, { streams: p.streams, includeViews: true })) {
    await read(`${t.table.schema}.${t.table.name}`, `SELECT * FROM ${t.sql} WHERE ${t.where}`);
  }
  const notes = ['metrics.metric_values and the aggregate marts hold counts and sums over many people; no value there is keyed by a person.'];
  if (subject.erasedBy.length) notes.push(`erased before by ${subject.erasedBy.join(', ')}: what remains is listed here (nothing, unless data arrived under a new identity).`);
  const result: PersonExport = {
    request_id: newRequestId(),
    generated_at: nowText(),
    subject: { lookup: subject.lookup, constituent_ids: subject.constituentIds, former_constituent_ids: subject.formerIds, records: subject.records, erased_by: subject.erasedBy },
    tables,
    notes,
  };
  const counts = Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, rows.length]));
  const detail = { constituents: subject.constituentIds.length, records: subject.records.length, tables: counts };
  await wh.execute(requestInsert(d, { requestId: result.request_id, action: 'export', status: 'completed', lookup: subject.lookup, subjectHash: subject.lookupHash, runId: ctx.runId, detail }));
  await audit(wh, { runId: ctx.runId, action: 'privacy_export', detail: { request_id: result.request_id, lookup: subject.lookup, ...detail } });
  return result;
}
