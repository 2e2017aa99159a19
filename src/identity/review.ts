// The human review queue: pairs scored between the review and auto thresholds wait in
// golden.review_queue; a decision (match / no_match, who, when) goes to golden.review_decisions
// and binds every later resolution, whatever the scores say then.
import { UsageError } from '../errors/cpm-error.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import type { Row, Warehouse } from '../warehouse/warehouse.js';
import { audit } from '../lineage/audit-log.js';
import { reviewDecisionsTable } from './identity-tables.js';

export interface ReviewItem {
  pair_id: string;
  key_a: string;
  key_b: string;
  confidence: number;
  evidence: Record<string, number | null>;
  blocking_rule: string;
}

const personColumns = ['first_name', 'middle_name', 'last_name', 'name_suffix', 'email', 'phone', 'address_line1', 'address_line2', 'city', 'state', 'zip', 'birth_date'];

function toItem(r: Row): ReviewItem {
  return {
    pair_id: String(r['pair_id']),
    key_a: String(r['key_a']),
    key_b: String(r['key_b']),
    confidence: Number(r['confidence']),
    evidence: JSON.parse(String(r['evidence'] ?? '{}')) as Record<string, number | null>,
    blocking_rule: String(r['blocking_rule'] ?? ''),
  };
}

async function requireGolden(wh: Warehouse): Promise<void> {
  if (!(await wh.tableExists({ schema: 'golden', name: 'match_audit' }))) {
    throw new UsageError('no resolution has run in this project yet', 'run `cpm resolve` (or `cpm run`) first');
  }
}

export async function listReviewQueue(wh: Warehouse, limit: number): Promise<{ total: number; items: ReviewItem[] }> {
  await requireGolden(wh);
  const d = wh.dialect;
  const queue = qualified(d, 'golden.review_queue');
  const [total] = await wh.query(`SELECT COUNT(*) AS n FROM ${queue}`);
  const rows = await wh.query(`SELECT * FROM ${queue} ORDER BY confidence DESC, pair_id LIMIT ${limit}`);
  return { total: Number(total?.['n'] ?? 0), items: rows.map(toItem) };
}

/** A scored pair by its ID (any pair, queued or not), with both records as the sources hold them. */
export async function showPair(wh: Warehouse, pairId: string): Promise<{ pair: Row; records: Row[]; decisions: Row[] }> {
  await requireGolden(wh);
  const d = wh.dialect;
  const [pair] = await wh.query(`SELECT * FROM ${qualified(d, 'golden.match_audit')} WHERE pair_id = ${d.stringLiteral(pairId)}`);
  if (!pair) throw new UsageError(`no scored pair with id "${pairId}"`, 'list the queue with `cpm review list`; ids are the first column');
  const keys = [String(pair['key_a']), String(pair['key_b'])];
  const people = qualified(d, 'staging.person_records');
  const records = await wh.query(
    `SELECT ${d.concat(['source_system', "':'", 'source_record_id'])} AS record_key, ${personColumns.join(', ')} FROM ${people}
     WHERE ${d.concat(['source_system', "':'", 'source_record_id'])} IN (${keys.map((k) => d.stringLiteral(k)).join(', ')})`,
  );
  const decisions = await wh.query(
    `SELECT decision, decided_by, decided_at, note FROM ${qualified(d, reviewDecisionsTable)} WHERE key_a = ${d.stringLiteral(keys[0]!)} AND key_b = ${d.stringLiteral(keys[1]!)} ORDER BY decided_at`,
  );
  return { pair, records, decisions };
}

export interface Decision {
  pairId: string;
  decision: 'match' | 'no_match';
  decidedBy: string;
  note?: string;
  runId: string;
}

/** Records a decision (the latest one for a pair wins) and its audit entry. */
export async function decidePair(wh: Warehouse, decision: Decision): Promise<{ key_a: string; key_b: string }> {
  const { pair } = await showPair(wh, decision.pairId);
  const d = wh.dialect;
  const now = timestampLiteral(d, nowText());
  const keyA = d.stringLiteral(String(pair['key_a']));
  const keyB = d.stringLiteral(String(pair['key_b']));
  const by = d.stringLiteral(decision.decidedBy);
  await wh.execute(
    `INSERT INTO ${qualified(d, reviewDecisionsTable)} (key_a, key_b, decision, decided_by, decided_at, note)
     VALUES (${keyA}, ${keyB}, ${d.stringLiteral(decision.decision)}, ${by}, ${now}, ${decision.note === undefined ? 'NULL' : d.stringLiteral(decision.note)})`,
  );
  await audit(wh, {
    runId: decision.runId,
    actor: decision.decidedBy,
    action: 'review_decision',
    detail: { pair_id: decision.pairId, key_a: pair['key_a'], key_b: pair['key_b'], decision: decision.decision, note: decision.note ?? null },
  });
  return { key_a: String(pair['key_a']), key_b: String(pair['key_b']) };
}
