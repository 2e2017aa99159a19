// Finds the person a privacy request names. By email: every person record whose email normalises
// to it (staging, and raw for records that never reached staging), and the constituent they
// belong to. By constituent id: that constituent, or the one(s) an older id became
// (golden.constituent_id_history). Then every record of that constituent: the person is the whole
// golden record, not only the records carrying the address asked about. A request that reaches
// two people (a household mailbox, a split constituent) is refused with their ids: handing one
// person another's data is itself a breach.
import { UsageError } from '../errors/cpm-error.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { RunContext } from '../pipeline/run-context.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { canonicalEmailSql, canonicalPhoneSql, type EmailRules, loadEmailRules, sha256Hex } from './normalized-values.js';
import { currentIds, formerIds } from './constituent-history.js';
import { literalScope, suppressionTable } from './scope.js';
import { rawRecordKey, type StreamPrivacy, streamPrivacy } from './stream-privacy.js';
import { stagedValue } from '../pipeline/staging/stream-sql.js';

export type Lookup = { email: string } | { constituent: string };

export interface Subject {
  lookup: 'email' | 'constituent';
  /** SHA-256 of the normalised email or of the constituent id asked for. */
  lookupHash: string;
  constituentIds: string[];
  /** Ids the person had before merges and splits (golden.constituent_id_history). */
  formerIds: string[];
  /** "source_system:source_record_id" of every record of the person. */
  records: string[];
  /** Normalised emails and phones on any version of their records. */
  emails: string[];
  phones: string[];
  /** The same emails as written (lower case), to find them in quarantined lines. */
  writtenEmails: string[];
  /** Requests that already erased the person (the email or id asked for is suppressed). */
  erasedBy: string[];
}

export class UnknownSubjectError extends UsageError {
  constructor(what: string) {
    super(`no one with ${what} is held in this warehouse (staging, raw, golden) nor on its suppression list`, 'check the spelling; `cpm privacy export --constituent ID` takes the id from golden.constituents');
    this.name = 'UnknownSubjectError';
  }
}

export class AmbiguousSubjectError extends UsageError {
  constructor(what: string, ids: string[]) {
    super(`${what} belongs to ${ids.length} different people (constituents ${ids.join(', ')}): a request must name one person`, 'repeat the request with --constituent ID for the person who asked');
    this.name = 'AmbiguousSubjectError';
  }
}

/** What every privacy step needs besides the warehouse. */
export interface PrivacyContext {
  wh: Warehouse;
  streams: StreamPrivacy[];
  rules: EmailRules;
}

export function privacyContext(ctx: Pick<RunContext, 'wh' | 'project'>): PrivacyContext {
  return { wh: ctx.wh, streams: streamPrivacy(ctx.wh.dialect, ctx.project.sources), rules: loadEmailRules(ctx.project.path('config')) };
}

const text = (rows: Record<string, unknown>[], column: string) => [...new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string' && v !== ''))].sort();

export async function findSubject(p: PrivacyContext, lookup: Lookup): Promise<Subject> {
  const { wh } = p;
  const d = wh.dialect;
  const exists = (schema: string, name: string) => wh.tableExists({ schema, name });
  const hasGolden = await exists('golden', 'constituent_source_links');
  const linksOf = async (ids: string[]) =>
    hasGolden && ids.length
      ? text(await wh.query(`SELECT ${d.concat(['source_system', "':'", 'source_record_id'])} AS k FROM ${qualified(d, 'golden.constituent_source_links')} WHERE ${literalScope(d, { records: [], emails: [], constituentIds: ids }).constituent('constituent_id')}`), 'k')
      : [];
  let records: string[] = [];
  let constituentIds: string[] = [];
  let lookupHash: string;
  let what: string;
  if ('email' in lookup) {
    const [row] = await wh.query(`SELECT ${canonicalEmailSql(d, d.stringLiteral(lookup.email), p.rules)} AS e`);
    const email = typeof row?.['e'] === 'string' ? row['e'] : null;
    if (!email) throw new UsageError('the --email value is not an email address', 'pass the address the person gave, e.g. --email jane@example.org');
    lookupHash = sha256Hex(email);
    // Messages end up in meta.runs.error and the audit log: they never repeat the address.
    what = 'that email address';
    records = await recordsWithEmail(p, email);
    constituentIds = await constituentsOf(wh, records, hasGolden);
    if (constituentIds.length > 1) throw new AmbiguousSubjectError(what, constituentIds);
  } else {
    lookupHash = sha256Hex(lookup.constituent);
    what = `the constituent id ${lookup.constituent}`;
    constituentIds = hasGolden ? await currentIds(wh, lookup.constituent) : [];
    if (constituentIds.length > 1) throw new AmbiguousSubjectError(`${what} (split since)`, constituentIds);
  }
  records = [...new Set([...records, ...(await linksOf(constituentIds))])].sort();
  const erasedBy = text(await wh.query(`SELECT DISTINCT request_id FROM ${qualified(d, suppressionTable)} WHERE value_hash = ${d.stringLiteral(lookupHash)}`), 'request_id');
  if (!records.length && !constituentIds.length && !erasedBy.length) throw new UnknownSubjectError(what);
  const values = await recordValues(p, records);
  return {
    lookup: 'email' in lookup ? 'email' : 'constituent',
    lookupHash,
    constituentIds,
    formerIds: hasGolden ? await formerIds(wh, constituentIds) : [],
    records,
    ...values,
    erasedBy,
  };
}

/** Record keys of person records with the email: staged ones, and raw rows of person streams. */
async function recordsWithEmail(p: PrivacyContext, email: string): Promise<string[]> {
  const { wh } = p;
  const d = wh.dialect;
  const found: string[] = [];
  const target = d.stringLiteral(email);
  if (await wh.tableExists({ schema: 'staging', name: 'person_records' })) {
    const rows = await wh.query(`SELECT DISTINCT ${d.concat(['source_system', "':'", 'source_record_id'])} AS k FROM ${qualified(d, 'staging.person_records')} WHERE ${canonicalEmailSql(d, 'email', p.rules)} = ${target}`);
    found.push(...text(rows, 'k'));
  }
  for (const s of p.streams) {
    if (!s.email || !s.personRecord || !(await wh.tableExists(s.raw))) continue;
    const rows = await wh.query(`SELECT DISTINCT ${rawRecordKey(d, s, s.personRecord)} AS k FROM ${s.rawTable} WHERE ${canonicalEmailSql(d, stagedValue(d, s.email), p.rules)} = ${target}`);
    found.push(...text(rows, 'k'));
  }
  return [...new Set(found)].sort();
}

async function constituentsOf(wh: Warehouse, records: string[], hasGolden: boolean): Promise<string[]> {
  if (!hasGolden || !records.length) return [];
  const d = wh.dialect;
  const key = d.concat(['source_system', "':'", 'source_record_id']);
  const scope = literalScope(d, { records, constituentIds: [], emails: [] });
  return text(await wh.query(`SELECT DISTINCT constituent_id FROM ${qualified(d, 'golden.constituent_source_links')} WHERE ${scope.record(key)}`), 'constituent_id');
}

/** Emails and phones of every version of the records, read from raw (staging keeps only the latest). */
async function recordValues(p: PrivacyContext, records: string[]): Promise<Pick<Subject, 'emails' | 'phones' | 'writtenEmails'>> {
  const { wh } = p;
  const d = wh.dialect;
  const scope = literalScope(d, { records, constituentIds: [], emails: [] });
  const emails: string[] = [];
  const phones: string[] = [];
  const written: string[] = [];
  for (const s of p.streams) {
    if (!records.length || !s.personRecord || (!s.email && !s.phone)) continue;
    if (!(await wh.tableExists(s.raw))) continue;
    const none = d.cast('NULL', 'text');
    const email = s.email ? stagedValue(d, s.email) : none;
    const phone = s.phone ? stagedValue(d, s.phone) : none;
    const rows = await wh.query(
      `SELECT DISTINCT ${canonicalEmailSql(d, email, p.rules)} AS e, LOWER(TRIM(${email})) AS w, ${canonicalPhoneSql(d, phone)} AS p FROM ${s.rawTable} WHERE ${scope.record(rawRecordKey(d, s, s.personRecord))}`,
    );
    emails.push(...text(rows, 'e'));
    phones.push(...text(rows, 'p'));
    written.push(...text(rows, 'w'));
  }
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return { emails: uniq(emails), phones: uniq(phones), writtenEmails: uniq(written) };
}
