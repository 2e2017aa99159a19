// Blocking: which pairs of records are compared at all. A pair is a candidate when both records
// share every key of at least one rule. Blocks larger than max_block_size (a role mailbox, a
// dummy phone number) would explode into millions of pairs: they are skipped and reported.
// Rules run in order and each keeps only the pairs no earlier rule proposed, so candidates need
// no de-duplication pass; a pair records the first rule that proposed it.
import type { IdentityFile } from '../config/identity-schema.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { reviewDecisionsTable } from './identity-tables.js';
import { recordsTable } from './normalize.js';

export const candidatePairsTable = 'identity.candidate_pairs';

export interface BlockingRuleReport {
  rule: string;
  keys: string[];
  blocks: number;
  oversizedBlocks: number;
  recordsInOversizedBlocks: number;
  largestBlock: number;
  /** Pairs inside the rule's blocks (that are not oversized). */
  pairs: number;
  /** Of those, pairs no earlier rule proposed. */
  newPairs: number;
}

export interface BlockingReport {
  rules: BlockingRuleReport[];
  /** Distinct pairs over all rules, plus pairs people decided on. */
  candidatePairs: number;
}

export interface BlockingOptions {
  /** Table written; default identity.candidate_pairs. */
  target?: string;
  /** A table of record_key: only pairs with at least one of these records (incremental runs). */
  touching?: string;
}

const sizesTable = (i: number) => `cpm_block_sizes_${i}`;
const inBlock = (i: number) => `in_block_${i}`;
const matesTable = (i: number) => `cpm_block_mates_${i}`;

/**
 * Builds identity.candidate_pairs (key_a < key_b, blocking_rule). Pairs people have decided on
 * are always candidates, so their decision keeps binding when the blocking rules change.
 */
export async function buildCandidatePairs(wh: Warehouse, config: IdentityFile, { target = candidatePairsTable, touching }: BlockingOptions = {}): Promise<BlockingReport> {
  const d = wh.dialect;
  const q = (c: string) => d.quoteIdent(c);
  const records = qualified(d, recordsTable);
  const rules = config.blocking.rules;
  const max = config.blocking.max_block_size;
  const keyColumns = [...new Set(rules.flatMap((r) => r.keys))].map(q);
  // A record's key and every blocking key: what the touched records, block mates and flagged records carry.
  const recordKeys = ['r.record_key', ...keyColumns.map((k) => `r.${k}`)].join(', ');
  const on = (i: number, x: string, y: string) => rules[i]!.keys.map((k) => `${x}.${q(k)} = ${y}.${q(k)}`).join(' AND ');

  // Block sizes per rule, then each record with its keys and, per rule, whether it sits in a
  // block small enough to pair. Touching only some records, only their blocks are sized and
  // only they carry the flags (a pair is read from its touched side): their keys are read once,
  // and per rule the records in their blocks (the block mates) once, for the sizes and the pairs.
  let sized = records;
  if (touching) {
    await wh.execute(d.createTempTableAs(q('cpm_touched_keys'), `SELECT ${recordKeys} FROM ${records} AS r JOIN ${touching} AS t ON t.record_key = r.record_key`));
    sized = 'cpm_touched_keys';
  }
  for (const [i, rule] of rules.entries()) {
    const keys = rule.keys.map((k) => `r.${q(k)}`).join(', ');
    if (touching) {
      await wh.execute(
        d.createTempTableAs(
          q(matesTable(i)),
          `SELECT ${recordKeys} FROM ${records} AS r JOIN (SELECT DISTINCT ${rule.keys.map(q).join(', ')} FROM ${sized}) AS k ON ${on(i, 'k', 'r')}`,
        ),
      );
    }
    const present = rule.keys.map((k) => `r.${q(k)} IS NOT NULL`).join(' AND ');
    await wh.execute(d.createTempTableAs(q(sizesTable(i)), `SELECT ${keys}, COUNT(*) AS n FROM ${touching ? matesTable(i) : records} AS r WHERE ${present} GROUP BY ${keys}`));
  }
  const flags = rules.map((_, i) => `CASE WHEN s${i}.n <= ${max} THEN TRUE ELSE FALSE END AS ${inBlock(i)}`);
  const joins = rules.map((_, i) => `LEFT JOIN ${sizesTable(i)} AS s${i} ON ${on(i, `s${i}`, 'r')}`);
  await wh.execute(d.createTempTableAs(q('cpm_block_records'), `SELECT ${recordKeys}, ${flags.join(', ')} FROM ${sized} AS r ${joins.join(' ')}`));

  const statements = rules.map((rule, i) => {
    // A key missing on one side makes the comparison NULL, which must count as "not proposed".
    const earlier = rules.slice(0, i).map((_, j) => `COALESCE(a.${inBlock(j)} AND ${on(j, 'a', 'b')}, FALSE)`);
    const notEarlier = earlier.length ? ` AND NOT (${earlier.join(' OR ')})` : '';
    const rule_ = d.stringLiteral(rule.name);
    if (!touching) {
      return `SELECT a.record_key AS key_a, b.record_key AS key_b, ${rule_} AS blocking_rule
        FROM cpm_block_records AS a JOIN cpm_block_records AS b ON ${on(i, 'a', 'b')} AND a.record_key < b.record_key
        WHERE a.${inBlock(i)}${notEarlier}`;
    }
    // From each touched record to its block mates; a pair of two touched records comes twice.
    return `SELECT DISTINCT CASE WHEN a.record_key < b.record_key THEN a.record_key ELSE b.record_key END AS key_a,
        CASE WHEN a.record_key < b.record_key THEN b.record_key ELSE a.record_key END AS key_b, ${rule_} AS blocking_rule
      FROM cpm_block_records AS a JOIN ${matesTable(i)} AS b ON ${on(i, 'a', 'b')} AND a.record_key <> b.record_key
      WHERE a.${inBlock(i)}${notEarlier}`;
  });
  const out = qualified(d, target);
  await wh.execute(d.createTableAs(out, statements[0]!, true));
  for (const s of statements.slice(1)) await wh.execute(`INSERT INTO ${out} ${s}`);
  const decisions = qualified(d, reviewDecisionsTable);
  await wh.execute(`INSERT INTO ${out}
    SELECT DISTINCT r.key_a, r.key_b, 'review_decision' FROM ${decisions} AS r
    JOIN ${records} AS a ON a.record_key = r.key_a JOIN ${records} AS b ON b.record_key = r.key_b
    LEFT JOIN ${out} AS c ON c.key_a = r.key_a AND c.key_b = r.key_b
    WHERE c.key_a IS NULL${touching ? ` AND (r.key_a IN (SELECT record_key FROM ${touching}) OR r.key_b IN (SELECT record_key FROM ${touching}))` : ''}`);

  const reports: BlockingRuleReport[] = [];
  const perRule = await wh.query(`SELECT blocking_rule, COUNT(*) AS n FROM ${out} GROUP BY blocking_rule`);
  for (const [i, rule] of rules.entries()) {
    const [s] = await wh.query(
      `SELECT COUNT(*) AS blocks, SUM(CASE WHEN n > ${max} THEN 1 ELSE 0 END) AS oversized, SUM(CASE WHEN n > ${max} THEN n ELSE 0 END) AS skipped,
        MAX(n) AS largest, SUM(CASE WHEN n <= ${max} THEN n * (n - 1) / 2 ELSE 0 END) AS pairs FROM ${sizesTable(i)}`,
    );
    const n = (k: string) => Number(s?.[k] ?? 0);
    reports.push({
      rule: rule.name,
      keys: rule.keys,
      blocks: n('blocks'),
      oversizedBlocks: n('oversized'),
      recordsInOversizedBlocks: n('skipped'),
      largestBlock: n('largest'),
      pairs: n('pairs'),
      newPairs: Number(perRule.find((r) => r['blocking_rule'] === rule.name)?.['n'] ?? 0),
    });
  }
  const scratch = [...rules.map((_, i) => sizesTable(i)), 'cpm_block_records', ...(touching ? ['cpm_touched_keys', ...rules.map((_, i) => matesTable(i))] : [])];
  for (const t of scratch) await wh.execute(d.dropTable(q(t)));
  return { rules: reports, candidatePairs: perRule.reduce((sum, r) => sum + Number(r['n']), 0) };
}
