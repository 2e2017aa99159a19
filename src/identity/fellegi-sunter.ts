// The Fellegi-Sunter model: each comparison's similarity falls into a level (exact, close, ...,
// disagree); a level carries a match weight log2(m/u), where m is how often true matches show
// that level and u how often non-matches do. m, u and the share of matches among the candidate
// pairs are estimated without labels by expectation-maximisation over the counts of level
// patterns (computed in the warehouse; the EM itself runs on those few counts). Agreement on a
// rare value counts for more than on a common one (term-frequency adjustment).
// The estimates come from blocked candidate pairs, not random ones, so u is that of pairs that
// already share a blocking key; the weights are fit for ranking those pairs.
import type { FsComparison, IdentityFile } from '../config/identity-schema.js';
import { UsageError } from '../errors/cpm-error.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { recordsTable } from './normalize.js';

export const parametersTable = 'identity.fs_parameters';
export const termFrequenciesTable = 'identity.term_frequencies';

export interface FsParameters {
  /** log2 of the prior odds of a match among candidate pairs. */
  prior: number;
  /** Per comparison, per level (0 = most similar, last = disagree): m, u and weight. */
  levels: Record<string, { m: number; u: number; weight: number }[]>;
  iterations: number;
}

/** Level of a similarity: the first cut-off it reaches, else the last level; -1 when missing. */
export function levelSql(similarity: string, c: FsComparison): string {
  const cuts = c.levels.map((cut, i) => `WHEN ${similarity} >= ${cut} THEN ${i}`).join(' ');
  return `CASE WHEN ${similarity} IS NULL THEN -1 ${cuts} ELSE ${c.levels.length} END`;
}

/** A comparison that adjusts exact agreement by how common the value is. */
export const usesTermFrequency = (c: FsComparison) => c.term_frequency && c.field !== undefined;

const clamp = (x: number) => Math.min(1 - 1e-6, Math.max(1e-6, x));

/** EM over pattern counts (levels per comparison, -1 missing). Missing levels carry no evidence. */
export function estimateByEm(patterns: { levels: number[]; n: number }[], levelCounts: number[], maxIterations: number, tolerance: number): { p: number; m: number[][]; u: number[][]; iterations: number } {
  let p = 0.1;
  // Start: matches mostly agree, non-matches mostly disagree.
  let m = levelCounts.map((k) => Array.from({ length: k }, (_, l) => (l === 0 ? 0.9 : 0.1 / (k - 1))));
  let u = levelCounts.map((k) => Array.from({ length: k }, (_, l) => (l === k - 1 ? 0.9 : 0.1 / (k - 1))));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const mSum = levelCounts.map((k) => new Array<number>(k).fill(0));
    const uSum = levelCounts.map((k) => new Array<number>(k).fill(0));
    let matches = 0;
    let total = 0;
    for (const { levels, n } of patterns) {
      let pm = p;
      let pu = 1 - p;
      levels.forEach((l, c) => {
        if (l >= 0) {
          pm *= m[c]![l]!;
          pu *= u[c]![l]!;
        }
      });
      const g = pm / (pm + pu);
      matches += g * n;
      total += n;
      levels.forEach((l, c) => {
        if (l >= 0) {
          mSum[c]![l]! += g * n;
          uSum[c]![l]! += (1 - g) * n;
        }
      });
    }
    const normalize = (sums: number[][]) => sums.map((row) => row.map((x) => clamp(x / Math.max(row.reduce((a, b) => a + b, 0), 1e-12))));
    const nextM = normalize(mSum);
    const nextU = normalize(uSum);
    const nextP = clamp(matches / Math.max(total, 1));
    const change = Math.max(Math.abs(nextP - p), ...nextM.flat().map((x, i) => Math.abs(x - m.flat()[i]!)));
    [p, m, u] = [nextP, nextM, nextU];
    if (change < tolerance) break;
  }
  return { p, m, u, iterations };
}

/** Estimates m, u and the prior from the candidate pairs whose similarities `similarities` gives
 * (a SELECT with one f_<name> column per comparison), stores them and the term frequencies. */
export async function estimateParameters(wh: Warehouse, config: IdentityFile, similarities: string): Promise<FsParameters> {
  const fs = config.fellegi_sunter!;
  const d = wh.dialect;
  const levels = fs.comparisons.map((c, i) => `${levelSql(d.quoteIdent(`f_${c.name}`), c)} AS l${i}`);
  const columns = fs.comparisons.map((_, i) => `l${i}`);
  const rows = await wh.query(`SELECT ${columns.join(', ')}, COUNT(*) AS n FROM (SELECT ${levels.join(', ')} FROM (${similarities}) AS s) AS x GROUP BY ${columns.join(', ')}`);
  const patterns = rows.map((r) => ({ levels: columns.map((c) => Number(r[c])), n: Number(r['n']) }));
  const em = estimateByEm(
    patterns,
    fs.comparisons.map((c) => c.levels.length + 1),
    fs.em.max_iterations,
    fs.em.tolerance,
  );
  const params: FsParameters = {
    prior: Math.log2(em.p / (1 - em.p)),
    levels: Object.fromEntries(fs.comparisons.map((c, i) => [c.name, em.m[i]!.map((m, l) => ({ m, u: em.u[i]![l]!, weight: Math.log2(m / em.u[i]![l]!) }))])),
    iterations: em.iterations,
  };
  await saveParameters(wh, params);
  await saveTermFrequencies(wh, config);
  return params;
}

async function saveParameters(wh: Warehouse, params: FsParameters): Promise<void> {
  const d = wh.dialect;
  const values = [`('__prior__', -1, NULL, NULL, ${params.prior})`];
  for (const [name, levels] of Object.entries(params.levels)) levels.forEach((l, i) => values.push(`(${d.stringLiteral(name)}, ${i}, ${l.m}, ${l.u}, ${l.weight})`));
  const select = `SELECT CAST(comparison AS ${d.type('text')}) AS comparison, CAST(level AS ${d.type('integer')}) AS level, CAST(m AS ${d.type('double')}) AS m, CAST(u AS ${d.type('double')}) AS u, CAST(weight AS ${d.type('double')}) AS weight
    FROM (VALUES ${values.join(', ')}) AS v (comparison, level, m, u, weight)`;
  await wh.execute(d.createTableAs(qualified(d, parametersTable), select, true));
}

/** Share of records holding each value of each term-frequency comparison's field. */
async function saveTermFrequencies(wh: Warehouse, config: IdentityFile): Promise<void> {
  const d = wh.dialect;
  const records = qualified(d, recordsTable);
  const parts = config.fellegi_sunter!.comparisons.filter(usesTermFrequency).map((c) => {
    const f = d.quoteIdent(c.field!);
    return `SELECT ${d.stringLiteral(c.name)} AS comparison, CAST(${f} AS ${d.type('text')}) AS value,
        CAST(COUNT(*) AS ${d.type('double')}) / (SELECT COUNT(${f}) FROM ${records}) AS frequency
      FROM ${records} WHERE ${f} IS NOT NULL GROUP BY ${f}`;
  });
  const empty = `SELECT CAST(NULL AS ${d.type('text')}) AS comparison, CAST(NULL AS ${d.type('text')}) AS value, CAST(NULL AS ${d.type('double')}) AS frequency WHERE 1 = 0`;
  await wh.execute(d.createTableAs(qualified(d, termFrequenciesTable), parts.length ? parts.join(' UNION ALL ') : empty, true));
}

/** The parameters of the last full resolution (incremental runs and `identity explain` reuse them). */
export async function loadParameters(wh: Warehouse): Promise<FsParameters> {
  const d = wh.dialect;
  if (!(await wh.tableExists({ schema: 'identity', name: 'fs_parameters' }))) {
    throw new UsageError('the Fellegi-Sunter model has no estimated parameters yet', 'run `cpm resolve --full` first');
  }
  const rows = await wh.query(`SELECT comparison, level, m, u, weight FROM ${qualified(d, parametersTable)} ORDER BY comparison, level`);
  const params: FsParameters = { prior: 0, levels: {}, iterations: 0 };
  for (const r of rows) {
    const name = String(r['comparison']);
    if (name === '__prior__') params.prior = Number(r['weight']);
    else (params.levels[name] ??= []).push({ m: Number(r['m']), u: Number(r['u']), weight: Number(r['weight']) });
  }
  return params;
}
