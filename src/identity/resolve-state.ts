// What the last resolution saw, kept in meta.model_state: the rules (identity.yaml, the source
// mappings, the lookup tables), the last batch and the review decisions. Same everything: nothing
// to do. Same rules: only the new batches and decisions need resolving (incremental). New
// rules: everything is resolved again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../config/project.js';
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { reviewDecisionsTable } from './identity-tables.js';

const stateKey = 'identity.resolve';

export interface ResolveState {
  /** Hash of the rules: identity.yaml, sources.yaml and the seed files. */
  rules: string;
  /** Last loaded batch. */
  batch: number;
  /** Number of review decisions and the time of the latest. */
  reviews: string;
  /** When the resolution that saw this state ran (review decisions after it are new). */
  at?: string;
}

/** Changes when this version of cpm-unify builds golden tables of another shape, so a project
 * resolved by an older one is resolved in full again instead of merged into tables that differ. */
const goldenLayout = 'golden-layout-2: field provenance columns, data_quality_score';

export async function currentResolveState(wh: Warehouse, project: Project): Promise<ResolveState> {
  const d = wh.dialect;
  const [batches] = await wh.query(`SELECT MAX(batch_id) AS b FROM ${qualified(d, 'meta.batches')} WHERE status = 'loaded'`);
  const [reviews] = await wh.query(`SELECT COUNT(*) AS n, MAX(decided_at) AS last FROM ${qualified(d, reviewDecisionsTable)}`);
  const seedsDir = project.path('config/seeds');
  // A missing folder is reported by loadSeeds, with the fix; here it only hashes as empty.
  const seeds = (existsSync(seedsDir) ? readdirSync(seedsDir) : [])
    .sort()
    .map((f) => readFileSync(join(seedsDir, f), 'utf8'));
  const rules = createHash('sha256')
    .update([goldenLayout, JSON.stringify(project.identity), JSON.stringify(project.sources), ...seeds].join('\u0000'))
    .digest('hex');
  return { rules, batch: Number(batches?.['b'] ?? 0), reviews: `${reviews?.['n']}|${reviews?.['last']}` };
}

export async function lastResolveState(wh: Warehouse): Promise<ResolveState | null> {
  const d = wh.dialect;
  const [row] = await wh.query(`SELECT last_batch_id, fingerprint, updated_at FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(stateKey)}`);
  if (!row?.['fingerprint']) return null;
  try {
    const saved = JSON.parse(String(row['fingerprint'])) as { rules: string; reviews: string };
    return { ...saved, batch: Number(row['last_batch_id'] ?? 0), at: String(row['updated_at']) };
  } catch {
    return null; // written by an older version: resolve everything once
  }
}

/** The statement recording a finished resolution (it clears the pending mark): run with the golden publish. */
export function saveResolveStateStatement(d: Dialect, state: ResolveState, at: string): string {
  const fingerprint = JSON.stringify({ rules: state.rules, reviews: state.reviews });
  const source = `SELECT ${d.stringLiteral(stateKey)} AS model, CAST(${state.batch} AS ${d.type('bigint')}) AS last_batch_id, ${timestampLiteral(d, at)} AS updated_at, ${d.stringLiteral(fingerprint)} AS fingerprint`;
  return d.merge({ target: qualified(d, 'meta.model_state'), source, keys: ['model'], columns: ['model', 'last_batch_id', 'updated_at', 'fingerprint'] });
}

export function sameState(a: ResolveState, b: ResolveState): boolean {
  return a.rules === b.rules && a.batch === b.batch && a.reviews === b.reviews;
}
