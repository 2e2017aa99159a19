// `cpm resolve`: staging.person_records -> golden. normalize -> block -> compare and score ->
// cluster -> stable IDs -> survivorship -> publish, each a recorded, timed step.
import type { IdentityFile } from '../config/identity-schema.js';
import { ConfigError } from '../errors/cpm-error.js';
import { qualified } from '../pipeline/meta-tables.js';
import { type RunContext, nowText } from '../pipeline/run-context.js';
import { timedStep } from '../pipeline/run-log.js';
import { extraIdentifierNames } from '../pipeline/staging/standard-shapes.js';
import { buildCandidatePairs, type BlockingReport } from './block.js';
import { connectedComponents } from './cluster.js';
import { buildAndPublishGolden, type GoldenCounts } from './golden.js';
import { ensureIdentityTables } from './identity-tables.js';
import { normalizeStatements, recordsTable, sharedEmailsStatement } from './normalize.js';
import { scoredPairsTable, scoreStatement } from './score.js';
import { loadSeeds } from './seeds.js';
import { lastResolveFingerprint, resolveInputsFingerprint, saveResolveFingerprint } from './resolve-state.js';
import { assignStableIds, clustersTable, type IdChanges } from './stable-ids.js';

export interface ResolveResult {
  /** True when nothing resolution reads changed since the last run (the golden tables stand). */
  skipped: boolean;
  records: number;
  blocking: BlockingReport;
  pairs: { compared: number; deterministic: number; probabilistic: number; review: number; vetoed: number };
  clusters: { count: number; rounds: number };
  ids: IdChanges;
  golden: GoldenCounts;
  /** Seconds per stage. */
  seconds: Record<string, number>;
}

export function identityConfig(ctx: RunContext): IdentityFile {
  const config = ctx.project.identity;
  if (!config) throw new ConfigError([`${ctx.project.path('config/identity.yaml')}: missing`], 'copy config/identity.yaml from a new project (`cpm init DIR`) and adjust it');
  return config;
}

/** Prepares the lookups and the normalized records: what resolve, explain and blocking share. */
export async function prepareRecords(ctx: RunContext): Promise<number> {
  const { wh } = ctx;
  await ensureIdentityTables(wh);
  await loadSeeds(wh, ctx.project.path('config'));
  for (const s of normalizeStatements(wh.dialect, extraIdentifierNames(ctx.project.sources))) await wh.execute(s);
  await wh.execute(sharedEmailsStatement(wh.dialect));
  return count(ctx, recordsTable);
}

async function count(ctx: RunContext, table: string, where = 'TRUE'): Promise<number> {
  const [row] = await ctx.wh.query(`SELECT COUNT(*) AS n FROM ${qualified(ctx.wh.dialect, table)} WHERE ${where}`);
  return Number(row?.['n'] ?? 0);
}

export interface ResolveOptions {
  /** Resolve even when no input changed. */
  force?: boolean;
}

export async function runResolve(ctx: RunContext, options: ResolveOptions = {}): Promise<ResolveResult | { skipped: true }> {
  const config = identityConfig(ctx);
  const { wh } = ctx;
  const d = wh.dialect;
  await ensureIdentityTables(wh);
  const fingerprint = await resolveInputsFingerprint(wh, ctx.project);
  const published = await wh.tableExists({ schema: 'golden', name: 'constituents' });
  if (!options.force && published && fingerprint === (await lastResolveFingerprint(wh))) {
    ctx.log.info('resolve: no new batch, rule or review decision since the last resolution; golden tables unchanged');
    return { skipped: true };
  }
  const seconds: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => Promise<T>, rows: (v: T) => number): Promise<T> => {
    const started = performance.now();
    ctx.progress(`resolve: ${name}`, Object.keys(seconds).length, 6);
    const value = await timedStep(ctx, `resolve:${name}`, fn, (v) => ({ rows: rows(v) }));
    seconds[name] = (performance.now() - started) / 1000;
    return value;
  };
  const records = await stage('normalize', () => prepareRecords(ctx), (n) => n);
  const blocking = await stage('block', () => buildCandidatePairs(wh, config), (r) => r.candidatePairs);
  const pairs = await stage(
    'score',
    async () => {
      await wh.execute(scoreStatement(d, config, ctx.runId));
      const [row] = await wh.query(`SELECT COUNT(*) AS compared,
          SUM(CASE WHEN decision = 'match' AND match_type = 'deterministic' THEN 1 ELSE 0 END) AS deterministic,
          SUM(CASE WHEN decision = 'match' AND match_type = 'probabilistic' THEN 1 ELSE 0 END) AS probabilistic,
          SUM(CASE WHEN decision = 'review' THEN 1 ELSE 0 END) AS review,
          SUM(CASE WHEN veto IS NOT NULL THEN 1 ELSE 0 END) AS vetoed
        FROM ${qualified(d, scoredPairsTable)}`);
      const n = (k: string) => Number(row?.[k] ?? 0);
      return { compared: n('compared'), deterministic: n('deterministic'), probabilistic: n('probabilistic'), review: n('review'), vetoed: n('vetoed') };
    },
    (p) => p.compared,
  );
  const clusters = await stage(
    'cluster',
    async () => {
      const { rounds } = await connectedComponents(
        wh,
        `SELECT record_key FROM ${qualified(d, recordsTable)}`,
        `SELECT key_a, key_b FROM ${qualified(d, scoredPairsTable)} WHERE decision = 'match'`,
        qualified(d, clustersTable),
      );
      const [row] = await wh.query(`SELECT COUNT(DISTINCT cluster_key) AS n FROM ${qualified(d, clustersTable)}`);
      return { count: Number(row?.['n'] ?? 0), rounds };
    },
    (c) => c.count,
  );
  const now = nowText();
  const ids = await stage('stable_ids', () => assignStableIds(wh, ctx.runId, now), (c) => c.created);
  const golden = await stage('publish', () => buildAndPublishGolden(wh, config, ctx.runId, now), (g) => g.constituents);
  await saveResolveFingerprint(wh, fingerprint);
  ctx.progress('resolve', 6, 6);
  return { skipped: false, records, blocking, pairs, clusters, ids, golden, seconds };
}
