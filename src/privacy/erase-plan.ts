// Planning an erasure (reads only): what goes on the suppression list, and per table how many of
// the person's rows are redacted (raw), quarantined or deleted (every other layer), with the
// statements that do it. `cpm privacy erase --dry-run` shows the plan; erase.ts applies it.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { canonicalEmailSql, canonicalPhoneSql, isGenericEmail } from './normalized-values.js';
import { personTables, rawRule } from './person-rows.js';
import { quarantineSuppressed, quarantineTable, redactRaw, redactionMarker, rejectedLinesRule } from './raw-redaction.js';
import { literalScope, type SuppressionKind } from './scope.js';
import type { PrivacyContext, Subject } from './subject.js';
import { entries, insertEntries, newEntries } from './suppression-list.js';

export interface TableAction {
  table: string;
  action: 'redact' | 'quarantine' | 'delete';
  rows: number;
}

export interface ErasePlan {
  /** New suppression-list entries by kind. */
  suppressed: Record<SuppressionKind, number>;
  /** Values of the person also on other people's records (a household mailbox or phone), and
   * role mailboxes: suppressing them would suppress those others too, so only the person's own
   * records are suppressed, by key. */
  notSuppressed: { sharedEmails: number; sharedPhones: number; genericEmails: number };
  actions: TableAction[];
  statements: string[];
}

async function count(wh: Warehouse, table: string, where: string): Promise<number> {
  const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
  return Number(row?.['n'] ?? 0);
}

/** The person's emails and phones that some other current person record also carries. */
async function sharedValues(p: PrivacyContext, subject: Subject): Promise<{ emails: Set<string>; phones: Set<string> }> {
  const { wh } = p;
  const d = wh.dialect;
  if (!(await wh.tableExists({ schema: 'staging', name: 'person_records' }))) return { emails: new Set(), phones: new Set() };
  const others = `NOT (${literalScope(d, { records: subject.records, constituentIds: [], emails: [] }).record(d.concat(['source_system', "':'", 'source_record_id']))})`;
  const held = async (expr: string, values: string[]) => {
    if (!values.length) return new Set<string>();
    const rows = await wh.query(`SELECT DISTINCT v FROM (SELECT ${expr} AS v FROM ${qualified(d, 'staging.person_records')} WHERE ${others}) AS x WHERE ${literalIn(d, 'v', values)}`);
    return new Set(rows.map((r) => String(r['v'])));
  };
  return { emails: await held(canonicalEmailSql(d, 'email', p.rules), subject.emails), phones: await held(canonicalPhoneSql(d, 'phone'), subject.phones) };
}

const literalIn = (d: Dialect, expr: string, values: string[]) => `${expr} IN (${values.map((v) => d.stringLiteral(v)).join(', ')})`;

export async function planErase(p: PrivacyContext, subject: Subject, requestId: string, views: string[]): Promise<ErasePlan> {
  const { wh } = p;
  const d = wh.dialect;
  const shared = await sharedValues(p, subject);
  const generic = subject.emails.filter((e) => isGenericEmail(e, p.rules));
  const emails = subject.emails.filter((e) => !shared.emails.has(e) && !generic.includes(e));
  const phones = subject.phones.filter((ph) => !shared.phones.has(ph));
  const constituentIds = [...subject.constituentIds, ...subject.formerIds];
  const wanted = [...entries('record', subject.records), ...entries('constituent', constituentIds), ...entries('email', emails), ...entries('phone', phones)];
  const added = await newEntries(wh, wanted);
  const suppressed: Record<SuppressionKind, number> = { record: 0, constituent: 0, email: 0, phone: 0 };
  for (const e of added) suppressed[e.kind]++;

  const scope = literalScope(d, { records: subject.records, constituentIds, emails, requestId });
  const actions: TableAction[] = [];
  const statements = insertEntries(d, requestId, added, 'erase');
  for (const s of p.streams) {
    if (!(await wh.tableExists(s.raw))) continue;
    const redact = redactRaw(d, s, await wh.columns(s.raw), scope, p.rules);
    const redacted = redact ? await count(wh, s.rawTable, redact.where) : 0;
    if (redact && redacted) {
      statements.push(redact.statement);
      actions.push({ table: s.rawName, action: 'redact', rows: redacted });
    }
    const keyed = rawRule(d, s, scope);
    const quarantined = keyed ? await count(wh, s.rawTable, keyed) : 0;
    if (quarantined) {
      statements.push(...quarantineSuppressed(d, s, scope));
      actions.push({ table: `${quarantineTable} (${s.source}.${s.stream})`, action: 'quarantine', rows: quarantined });
    }
  }
  const rejected = rejectedLinesRule(d, subject.writtenEmails);
  const quarantine = qualified(d, quarantineTable);
  const rejectedRows = rejected ? await count(wh, quarantine, rejected) : 0;
  if (rejected && rejectedRows) {
    statements.push(d.updateWhere(quarantine, await wh.columns({ schema: 'quality', name: 'quarantine' }), [['record', d.stringLiteral(redactionMarker)]], rejected));
    actions.push({ table: `${quarantineTable} (rejected lines)`, action: 'redact', rows: rejectedRows });
  }
  for (const t of await personTables(wh, scope, { streams: p.streams, views })) {
    const rows = await count(wh, t.sql, t.where);
    if (!rows) continue;
    statements.push(d.deleteWhere(t.sql, t.where));
    actions.push({ table: `${t.table.schema}.${t.table.name}`, action: 'delete', rows });
  }
  return { suppressed, notSuppressed: { sharedEmails: shared.emails.size, sharedPhones: shared.phones.size, genericEmails: generic.length }, actions, statements };
}
