// Comparison and scoring of candidate pairs, in one SQL statement: phase 1 deterministic rules
// (first that fires wins), phase 2 the model's score (weighted, or Fellegi-Sunter), guards that
// veto or hold false merges, then the thresholds. Human review decisions override the outcome.
import type { Feature, IdentityFile } from '../config/identity-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { asideName } from '../publish/publish-aside.js';
import { candidatePairsTable } from './block.js';
import { type FsParameters, levelSql, termFrequenciesTable, usesTermFrequency } from './fellegi-sunter.js';
import { UsageError } from '../errors/cpm-error.js';
import { firstNameConflict, initialCompatible } from './name-rules.js';
import { reviewDecisionsTable } from './identity-tables.js';
import { recordsTable, sharedEmailsTable } from './normalize.js';

/** Scored pairs are the match audit: scoring writes the next version, publishing swaps it in. */
export const scoredPairsTable = `golden.${asideName('match_audit')}`;

/** What the active model compares: the weighted features, or the Fellegi-Sunter comparisons. */
export type Comparison = Pick<Feature, 'name' | 'comparison' | 'field'>;

export function scoringFeatures(config: IdentityFile): Comparison[] {
  return config.model === 'fellegi_sunter' ? config.fellegi_sunter!.comparisons : config.weighted!.features;
}

export function scoringThresholds(config: IdentityFile): { auto: number; review: number } {
  return config.model === 'fellegi_sunter' ? config.fellegi_sunter!.thresholds : config.weighted!.thresholds;
}

/** Column of a comparison's similarity in the match audit. */
export const featureColumn = (f: Comparison) => `f_${f.name}`;

/** A first-name similarity that understands nicknames (bob = robert) and initials (j = john). */
function firstNameSimilarity(d: Dialect): string {
  return `CASE WHEN a.first_name IS NULL OR b.first_name IS NULL THEN NULL
    WHEN a.first_name_canonical = b.first_name_canonical THEN 1.0
    WHEN ${initialCompatible('a', 'b')} THEN 0.9
    ELSE ${d.jaroWinkler('a.first_name', 'b.first_name')} END`;
}

/** Similarity of one feature between records `a` and `b`, 0..1, NULL when either side lacks it. */
export function comparisonSql(d: Dialect, f: Comparison): string {
  const q = (c: string) => d.quoteIdent(c);
  const missing = (...cols: string[]) => cols.flatMap((c) => [`a.${c} IS NULL`, `b.${c} IS NULL`]).join(' OR ');
  switch (f.comparison) {
    case 'exact':
      return `CASE WHEN ${missing(q(f.field!))} THEN NULL WHEN a.${q(f.field!)} = b.${q(f.field!)} THEN 1.0 ELSE 0.0 END`;
    case 'jaro_winkler':
      return d.jaroWinkler(`a.${q(f.field!)}`, `b.${q(f.field!)}`);
    case 'person_name':
      return `CASE WHEN ${missing('first_name', 'last_name')} THEN NULL
        ELSE ((${firstNameSimilarity(d)}) + ${d.jaroWinkler('a.last_name', 'b.last_name')}) / 2 END`;
    case 'address':
      // A different house number is a different address, however alike the street names.
      return `CASE WHEN ${missing('house_number', 'street')} THEN NULL
        WHEN a.house_number <> b.house_number THEN 0.0
        ELSE ${d.jaroWinkler('a.street', 'b.street')} * (CASE WHEN a.unit <> b.unit THEN 0.8 ELSE 1.0 END) END`;
    case 'phone_partial':
      return `CASE WHEN ${missing('phone')} THEN NULL WHEN a.phone = b.phone THEN 1.0
        WHEN a.phone_last7 = b.phone_last7 THEN 0.8
        WHEN SUBSTRING(a.phone, 9, 4) = SUBSTRING(b.phone, 9, 4) THEN 0.5 ELSE 0.0 END`;
  }
}

type Guard = IdentityFile['guards'][number];

function guardSql(d: Dialect, check: Guard['check']): string {
  switch (check) {
    case 'first_name_conflict':
      return firstNameConflict(d, 'a', 'b');
    case 'suffix_conflict':
      return '(a.name_suffix IS NOT NULL AND b.name_suffix IS NOT NULL AND a.name_suffix <> b.name_suffix)';
    case 'suffix_mismatch':
      return '((a.name_suffix IS NULL) <> (b.name_suffix IS NULL))';
    case 'initial_only':
      return `(${initialCompatible('a', 'b')} AND a.first_name <> b.first_name)`;
    case 'birth_date_conflict':
      return '(a.birth_date IS NOT NULL AND b.birth_date IS NOT NULL AND a.birth_date <> b.birth_date)';
  }
}

/** Column holding whether a guard fired for the pair. */
const guardColumn = (g: Guard) => `g_${g.name}`;

/** The first of the guards with this action and path that fired, as its name, else NULL. */
function firstGuard(d: Dialect, guards: Guard[], action: Guard['action'], path: 'deterministic' | 'probabilistic'): string {
  const relevant = guards.filter((g) => g.action === action && (g.applies_to === 'all' || g.applies_to === path));
  if (!relevant.length) return d.cast('NULL', 'text');
  return `CASE ${relevant.map((g) => `WHEN g.${d.quoteIdent(guardColumn(g))} THEN ${d.stringLiteral(g.name)}`).join(' ')} END`;
}

function deterministicSql(d: Dialect, config: IdentityFile): { rule: string; confidence: string } {
  const rules = config.deterministic;
  if (!rules.length) return { rule: d.cast('NULL', 'text'), confidence: 'NULL' };
  const fires = rules.map((r) => {
    const f = d.quoteIdent(r.field);
    const generic = r.skip_generic_email ? ' AND NOT a.email_is_generic AND NOT b.email_is_generic' : '';
    const shared = r.shared_email_needs_first_names ? ' AND (se.email IS NULL OR (a.first_name IS NOT NULL AND b.first_name IS NOT NULL))' : '';
    return `a.${f} IS NOT NULL AND a.${f} = b.${f}${generic}${shared}`;
  });
  return {
    rule: `CASE ${rules.map((r, i) => `WHEN ${fires[i]} THEN ${d.stringLiteral(r.name)}`).join(' ')} END`,
    confidence: `CASE ${rules.map((r, i) => `WHEN ${fires[i]} THEN ${r.confidence}`).join(' ')} END`,
  };
}

/** Column of a comparison's contribution in the match audit: weight x similarity (weighted), or
 * the match weight in bits of its level (Fellegi-Sunter). */
export const contributionColumn = (f: Comparison) => `c_${f.name}`;

interface ModelSql {
  /** Extra joins and columns of the comparison step (term frequencies). */
  joins: string;
  columns: string[];
  /** Per comparison, its contribution over a row `w` of similarities. */
  contributions: string[];
  /** The score over a row `v` holding the contributions. */
  score: string;
}

function weightedSql(d: Dialect, config: IdentityFile): ModelSql {
  const { features, missing } = config.weighted!;
  const col = (f: Feature, row: string) => `${row}.${d.quoteIdent(featureColumn(f))}`;
  const weighted = features.map((f) => `COALESCE(v.${d.quoteIdent(contributionColumn(f))}, 0)`).join(' + ');
  // The weight of the features both records have: a record without a phone is not evidence
  // against a match, so with enough other evidence the score is the mean over what is known.
  const evidence = features.map((f) => `(CASE WHEN ${col(f, 'v')} IS NULL THEN 0 ELSE ${f.weight} END)`).join(' + ');
  const score = missing.strategy === 'zero' ? weighted : `CASE WHEN ${evidence} >= ${missing.min_evidence_weight} THEN (${weighted}) / (${evidence}) ELSE ${weighted} END`;
  return { joins: '', columns: [], contributions: features.map((f) => `${f.weight} * ${col(f, 'w')}`), score };
}

function fellegiSunterSql(d: Dialect, config: IdentityFile, params: FsParameters): ModelSql {
  const comparisons = config.fellegi_sunter!.comparisons;
  const tf = comparisons.map((c, i) => (usesTermFrequency(c) ? i : -1)).filter((i) => i >= 0);
  const joins = tf
    .map((i) => `LEFT JOIN ${qualified(d, termFrequenciesTable)} AS tf${i} ON tf${i}.comparison = ${d.stringLiteral(comparisons[i]!.name)} AND tf${i}.value = CAST(a.${d.quoteIdent(comparisons[i]!.field!)} AS ${d.type('text')})`)
    .join('\n    ');
  const columns = tf.map((i) => `tf${i}.frequency AS tf_${i}`);
  const log2 = (x: string) => `(LN(${x}) / LN(2))`;
  const contributions = comparisons.map((c, i) => {
    const levels = params.levels[c.name];
    if (!levels) throw new UsageError(`comparison "${c.name}" has no estimated weights`, 'run `cpm resolve --full` to estimate them');
    // Exact agreement on a value shared by few records is stronger evidence than on a common one.
    const adjust = tf.includes(i) ? ` + CASE WHEN w.tf_${i} IS NOT NULL THEN ${log2(`${levels[0]!.u} / GREATEST(w.tf_${i}, 1e-9)`)} ELSE 0 END` : '';
    const cases = levels.map((l, level) => `WHEN ${level} THEN ${l.weight}${level === 0 ? adjust : ''}`).join(' ');
    return `CASE ${levelSql(`w.${d.quoteIdent(featureColumn(c))}`, c)} ${cases} END`;
  });
  const total = [String(params.prior), ...comparisons.map((c) => `COALESCE(v.${d.quoteIdent(contributionColumn(c))}, 0)`)].join(' + ');
  return { joins, columns, contributions, score: `1.0 / (1.0 + POWER(2.0, -(${total})))` };
}

/**
 * The SELECT that scores the pairs of `pairs` (key_a, key_b, blocking_rule): the match audit.
 * Columns: pair_id, the keys, blocking_rule, f_<feature> and c_<feature> per feature, score,
 * deterministic_rule, veto, hold, match_type, confidence, classification (match | review |
 * no_match before people), decision (after the review decisions), decided_by, rule_version, run_id.
 */
export function scoreSelect(d: Dialect, config: IdentityFile, pairs: string, runId: string, records = qualified(d, recordsTable), params?: FsParameters): string {
  const features = scoringFeatures(config);
  const model = config.model === 'fellegi_sunter' ? fellegiSunterSql(d, config, params!) : weightedSql(d, config);
  const det = deterministicSql(d, config);
  const q = (c: string) => d.quoteIdent(c);
  // Each guard is evaluated once per pair; the veto and hold columns below read the flags.
  const compared = `
    SELECT p.key_a, p.key_b, p.blocking_rule,
      ${features.map((f) => `${d.cast(comparisonSql(d, f), 'double')} AS ${q(featureColumn(f))}`).join(',\n      ')},
      ${det.rule} AS deterministic_rule,
      ${d.cast(det.confidence, 'double')} AS deterministic_confidence
      ${config.guards.map((g) => `, COALESCE(${guardSql(d, g.check)}, FALSE) AS ${q(guardColumn(g))}`).join('')}
      ${model.columns.map((c) => `, ${c}`).join('')}
    FROM ${pairs} AS p
    JOIN ${records} AS a ON a.record_key = p.key_a
    JOIN ${records} AS b ON b.record_key = p.key_b
    LEFT JOIN ${qualified(d, sharedEmailsTable)} AS se ON se.email = a.email
    ${model.joins}`;
  const guarded = `
    SELECT g.*,
      ${firstGuard(d, config.guards, 'veto', 'deterministic')} AS deterministic_veto,
      ${firstGuard(d, config.guards, 'review', 'deterministic')} AS deterministic_hold,
      ${firstGuard(d, config.guards, 'veto', 'probabilistic')} AS probabilistic_veto,
      ${firstGuard(d, config.guards, 'review', 'probabilistic')} AS probabilistic_hold
    FROM (${compared}) AS g`;
  const contributed = `SELECT w.*, ${features.map((f, i) => `${d.cast(model.contributions[i]!, 'double')} AS ${q(contributionColumn(f))}`).join(', ')} FROM (${guarded}) AS w`;
  const { auto, review } = scoringThresholds(config);
  const deterministic = 'c.deterministic_rule IS NOT NULL AND c.deterministic_veto IS NULL';
  const classified = `
    SELECT c.*,
      CASE WHEN ${deterministic} THEN 'deterministic' ELSE 'probabilistic' END AS match_type,
      CASE WHEN ${deterministic} THEN c.deterministic_confidence ELSE c.score END AS confidence
    FROM (SELECT v.*, ${d.cast(model.score, 'double')} AS score FROM (${contributed}) AS v) AS c`;
  const decisions = qualified(d, reviewDecisionsTable);
  // A review guard holds a match for people to decide; a veto guard turns it down.
  const isDeterministic = "x.match_type = 'deterministic'";
  const passesAuto = `x.probabilistic_veto IS NULL AND x.confidence >= ${auto}`;
  return `
    SELECT ${pairIdSql(d, 'k.key_a', 'k.key_b')} AS pair_id, k.key_a, k.key_b, k.blocking_rule,
      ${features.map((f) => `k.${q(featureColumn(f))}`).join(', ')},
      ${features.map((f) => `k.${q(contributionColumn(f))}`).join(', ')},
      k.score, k.deterministic_rule, k.veto, k.hold, k.match_type, k.confidence, k.classification,
      COALESCE(r.decision, k.classification) AS decision,
      r.decided_by, ${d.stringLiteral(config.rule_version)} AS rule_version, ${d.stringLiteral(runId)} AS run_id
    FROM (
      SELECT x.*,
        CASE WHEN ${isDeterministic} THEN NULL
             ELSE COALESCE(CASE WHEN x.deterministic_rule IS NOT NULL THEN x.deterministic_veto END, x.probabilistic_veto) END AS veto,
        CASE WHEN ${isDeterministic} THEN x.deterministic_hold WHEN ${passesAuto} THEN x.probabilistic_hold END AS hold,
        CASE WHEN ${isDeterministic} THEN (CASE WHEN x.deterministic_hold IS NULL THEN 'match' ELSE 'review' END)
             WHEN x.probabilistic_veto IS NOT NULL THEN 'no_match'
             WHEN ${passesAuto} THEN (CASE WHEN x.probabilistic_hold IS NULL THEN 'match' ELSE 'review' END)
             WHEN x.confidence >= ${review} THEN 'review'
             ELSE 'no_match' END AS classification
      FROM (${classified}) AS x
    ) AS k
    LEFT JOIN (
      SELECT key_a, key_b, decision, decided_by,
        ${d.rowNumber(['key_a', 'key_b'], ['decided_at DESC'])} AS latest
      FROM ${decisions}
    ) AS r ON r.key_a = k.key_a AND r.key_b = k.key_b AND r.latest = 1`;
}

/** The similarities alone (f_<name> per comparison) of the pairs of `pairs`: what EM estimates from. */
export function similaritiesSelect(d: Dialect, config: IdentityFile, pairs: string): string {
  const records = qualified(d, recordsTable);
  return `SELECT ${scoringFeatures(config).map((f) => `${d.cast(comparisonSql(d, f), 'double')} AS ${d.quoteIdent(featureColumn(f))}`).join(', ')}
    FROM ${pairs} AS p JOIN ${records} AS a ON a.record_key = p.key_a JOIN ${records} AS b ON b.record_key = p.key_b`;
}

/** Statement that scores identity.candidate_pairs into the next match audit. */
export function scoreStatement(d: Dialect, config: IdentityFile, runId: string, params?: FsParameters): string {
  return d.createTableAs(qualified(d, scoredPairsTable), scoreSelect(d, config, qualified(d, candidatePairsTable), runId, qualified(d, recordsTable), params), true);
}

/** A pair's short, stable ID for people to type (cpm review approve 3f2a9c01b7de). */
export function pairIdSql(d: Dialect, keyA: string, keyB: string): string {
  return `SUBSTRING(${d.md5(d.concat([keyA, "'|'", keyB]))}, 1, 12)`;
}
