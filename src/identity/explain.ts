// `cpm identity explain A B`: why two source records do or do not match. The two records are
// normalized and scored by the same SQL a resolution runs, into scratch tables, so the answer is
// what the engine would decide now (with the current rules and review decisions).
import type { IdentityFile } from '../config/identity-schema.js';
import { UsageError } from '../errors/cpm-error.js';
import type { RunContext } from '../pipeline/run-context.js';
import { extraIdentifierNames } from '../pipeline/staging/standard-shapes.js';
import type { Row } from '../warehouse/warehouse.js';
import { ensureIdentityTables } from './identity-tables.js';
import { normalizeStatements } from './normalize.js';
import { loadParameters } from './fellegi-sunter.js';
import { contributionColumn, featureColumn, scoreSelect, scoringFeatures } from './score.js';
import { loadSeeds } from './seeds.js';

export interface FeatureExplanation {
  feature: string;
  comparison: string;
  similarity: number | null;
  /** The feature's weight (weighted model); the Fellegi-Sunter model's contribution is its level's match weight. */
  weight: number | null;
  contribution: number;
}

export interface Explanation {
  pair_id: string;
  records: Row[];
  blocking_rules: string[];
  features: FeatureExplanation[];
  score: number;
  deterministic_rule: string | null;
  veto: string | null;
  hold: string | null;
  match_type: string;
  confidence: number;
  classification: string;
  decision: string;
  decided_by: string | null;
  same_constituent: boolean | null;
}

const scratchRecords = 'identity.explain_records';

export async function explainPair(ctx: RunContext, config: IdentityFile, keyA: string, keyB: string): Promise<Explanation> {
  const { wh } = ctx;
  const d = wh.dialect;
  if (keyA === keyB) throw new UsageError('give two different records', 'records are named SOURCE_SYSTEM:SOURCE_RECORD_ID, e.g. wbez_donations:D-100031');
  await ensureIdentityTables(wh);
  await loadSeeds(wh, ctx.project.path('config'));
  const key = d.concat(['p.source_system', "':'", 'p.source_record_id']);
  const where = `${key} IN (${d.stringLiteral(keyA)}, ${d.stringLiteral(keyB)})`;
  for (const s of normalizeStatements(d, extraIdentifierNames(ctx.project.sources), { where, target: scratchRecords })) await wh.execute(s);
  const records = await wh.query(`SELECT * FROM ${d.table('identity', 'explain_records')} ORDER BY record_key`);
  const missing = [keyA, keyB].filter((k) => !records.some((r) => r['record_key'] === k));
  if (missing.length) {
    throw new UsageError(`no person record ${missing.map((k) => `"${k}"`).join(' or ')} in staging.person_records`, 'records are named SOURCE_SYSTEM:SOURCE_RECORD_ID, e.g. wbez_donations:D-100031');
  }
  const [a, b] = records as [Row, Row];
  const blockingRules = config.blocking.rules.filter((r) => r.keys.every((k) => a[k] !== null && a[k] !== undefined && a[k] === b[k])).map((r) => r.name);
  const pair = `(SELECT ${d.stringLiteral(String(a['record_key']))} AS key_a, ${d.stringLiteral(String(b['record_key']))} AS key_b, ${d.stringLiteral(blockingRules[0] ?? '')} AS blocking_rule)`;
  const params = config.model === 'fellegi_sunter' ? await loadParameters(wh) : undefined;
  const [scored] = await wh.query(scoreSelect(d, config, pair, ctx.runId, d.table('identity', 'explain_records'), params));
  await wh.execute(d.dropTable(d.table('identity', 'explain_records')));
  const s = scored!;
  const weights = new Map(config.weighted?.features.map((f) => [f.name, f.weight]));
  const features = scoringFeatures(config).map((f) => {
    const v = s[featureColumn(f)];
    const similarity = v === null || v === undefined ? null : Number(v);
    return { feature: f.name, comparison: f.comparison + (f.field ? `(${f.field})` : ''), similarity, weight: weights.get(f.name) ?? null, contribution: Number(s[contributionColumn(f)] ?? 0) };
  });
  const same = await sameConstituent(ctx, keyA, keyB);
  return {
    pair_id: String(s['pair_id']),
    records,
    blocking_rules: blockingRules,
    features,
    score: Number(s['score']),
    deterministic_rule: (s['deterministic_rule'] as string | null) ?? null,
    veto: (s['veto'] as string | null) ?? null,
    hold: (s['hold'] as string | null) ?? null,
    match_type: String(s['match_type']),
    confidence: Number(s['confidence']),
    classification: String(s['classification']),
    decision: String(s['decision']),
    decided_by: (s['decided_by'] as string | null) ?? null,
    same_constituent: same,
  };
}

/** Whether the published golden layer puts both records in one constituent (null before any). */
async function sameConstituent(ctx: RunContext, keyA: string, keyB: string): Promise<boolean | null> {
  const { wh } = ctx;
  const d = wh.dialect;
  const links = d.table('golden', 'constituent_source_links');
  const rows = await wh.query(
    `SELECT constituent_id FROM ${links} WHERE ${d.concat(['source_system', "':'", 'source_record_id'])} IN (${d.stringLiteral(keyA)}, ${d.stringLiteral(keyB)})`,
  );
  if (rows.length < 2) return null;
  return rows[0]!['constituent_id'] === rows[1]!['constituent_id'];
}

export function formatExplanation(e: Explanation): string {
  const fields = ['record_key', 'first_name', 'first_name_canonical', 'last_name', 'name_suffix', 'email', 'phone', 'address', 'unit', 'zip5', 'birth_date'];
  const width = Math.max(...fields.map((f) => f.length));
  const recordLines = fields.map((f) => `  ${f.padEnd(width)}  ${String(e.records[0]?.[f] ?? '-').padEnd(32)}  ${String(e.records[1]?.[f] ?? '-')}`);
  const featureLines = e.features.map(
    (f) =>
      `  ${f.feature.padEnd(14)} ${f.comparison.padEnd(26)} similarity ${f.similarity === null ? ' missing' : f.similarity.toFixed(4).padStart(8)}  ` +
      (f.weight === null ? `match weight ${f.contribution.toFixed(2)} bits` : `x ${f.weight.toFixed(2)} = ${f.contribution.toFixed(4)}`),
  );
  const outcome = e.deterministic_rule && e.match_type === 'deterministic' ? `deterministic rule ${e.deterministic_rule} fired (confidence ${e.confidence})` : `weighted score ${e.score.toFixed(4)}`;
  return [
    `pair ${e.pair_id}`,
    ...recordLines,
    '',
    `blocking: ${e.blocking_rules.length ? `compared (rules: ${e.blocking_rules.join(', ')})` : 'no rule puts them in one block: never compared'}`,
    ...featureLines,
    '',
    `outcome: ${outcome}${e.veto ? `; vetoed by guard ${e.veto}` : ''}${e.hold ? `; held for review by guard ${e.hold}` : ''}`,
    `classification: ${e.classification}${e.decided_by ? `; decided "${e.decision}" by ${e.decided_by}` : ''}`,
    `published golden layer: ${e.same_constituent === null ? 'not resolved yet' : e.same_constituent ? 'same constituent' : 'different constituents'}`,
  ].join('\n');
}
