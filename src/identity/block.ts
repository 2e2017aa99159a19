// Blocking: which pairs of records are compared at all. A pair is a candidate when both records
// share every key of at least one rule. Blocks larger than max_block_size (a role mailbox, a
// placeholder phone) would explode into millions of pairs: they are skipped and reported.
import type { IdentityFile } from '../config/identity-schema.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { recordsTable } from './normalize.js';
import { reviewDecisionsTable } from './identity-tables.js';

export const candidatePairsTable = 'identity.candidate_pairs';

export interface BlockingRuleReport {
  rule: string;
  keys: string[];
  blocks: number;
  oversizedBlocks: number;
  recordsInOversizedBlocks: number;
  largestBlock: number;
  pairs: number;
}

export interface BlockingReport {
  rules: BlockingRuleReport[];
  /** Distinct pairs over all rules (a pair found by several rules counts once). */
  candidatePairs: number;
}

const ruleTable = (i: number) => `cpm_block_pairs_${i}`;

export interface BlockingOptions {
  /** Table written; default identity.candidate_pairs. */
  target?: string;
}

/**
 * Builds identity.candidate_pairs (key_a < key_b, with the rules that proposed the pair).
 * Pairs people have decided on are always candidates, so their decision keeps binding when
 * the blocking rules change.
 */
export async function buildCandidatePairs(wh: Warehouse, config: IdentityFile, { target = candidatePairsTable }: BlockingOptions = {}): Promise<BlockingReport> {
  const d = wh.dialect;
  const q = (c: string) => d.quoteIdent(c);
  const records = qualified(d, recordsTable);
  const max = config.blocking.max_block_size;
  const reports: BlockingRuleReport[] = [];
  for (const [i, rule] of config.blocking.rules.entries()) {
    const keys = rule.keys.map(q);
    const present = keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
    const sizes = `SELECT ${keys.join(', ')}, COUNT(*) AS n FROM ${records} WHERE ${present} GROUP BY ${keys.join(', ')}`;
    await wh.execute(d.createTempTableAs(q('cpm_block_sizes'), sizes));
    const on = (x: string, y: string) => keys.map((k) => `${x}.${k} = ${y}.${k}`).join(' AND ');
    const pairs = `
      SELECT a.record_key AS key_a, b.record_key AS key_b
      FROM ${records} AS a
      JOIN cpm_block_sizes AS s ON ${on('s', 'a')} AND s.n <= ${max}
      JOIN ${records} AS b ON ${on('b', 'a')} AND a.record_key < b.record_key`;
    await wh.execute(d.createTempTableAs(q(ruleTable(i)), pairs));
    const [stats] = await wh.query(
      `SELECT COUNT(*) AS blocks, SUM(CASE WHEN n > ${max} THEN 1 ELSE 0 END) AS oversized, SUM(CASE WHEN n > ${max} THEN n ELSE 0 END) AS skipped, MAX(n) AS largest FROM cpm_block_sizes`,
    );
    const [count] = await wh.query(`SELECT COUNT(*) AS n FROM ${ruleTable(i)}`);
    reports.push({
      rule: rule.name,
      keys: rule.keys,
      blocks: Number(stats?.['blocks'] ?? 0),
      oversizedBlocks: Number(stats?.['oversized'] ?? 0),
      recordsInOversizedBlocks: Number(stats?.['skipped'] ?? 0),
      largestBlock: Number(stats?.['largest'] ?? 0),
      pairs: Number(count?.['n'] ?? 0),
    });
  }
  const decided = `SELECT r.key_a, r.key_b, 'review_decision' AS rule FROM ${qualified(d, reviewDecisionsTable)} AS r
    WHERE r.key_a IN (SELECT record_key FROM ${records}) AND r.key_b IN (SELECT record_key FROM ${records})`;
  const union = [...config.blocking.rules.map((r, i) => `SELECT key_a, key_b, ${d.stringLiteral(r.name)} AS rule FROM ${ruleTable(i)}`), decided].join(' UNION ALL ');
  const distinct = `SELECT key_a, key_b, ${d.stringAgg('rule', ',', 'rule')} AS blocking_rules FROM (${union}) AS u GROUP BY key_a, key_b`;
  await wh.execute(d.createTableAs(qualified(d, target), distinct, true));
  for (const i of config.blocking.rules.keys()) await wh.execute(d.dropTable(q(ruleTable(i))));
  await wh.execute(d.dropTable(q('cpm_block_sizes')));
  const [total] = await wh.query(`SELECT COUNT(*) AS n FROM ${qualified(d, target)}`);
  return { rules: reports, candidatePairs: Number(total?.['n'] ?? 0) };
}
