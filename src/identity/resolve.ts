// `cpm resolve`: staging.person_records -> golden. normalize -> block -> compare and score ->
// cluster -> stable IDs -> golden (survivorship, built aside), each a recorded, timed step, then
// the publish. A full run resolves every record; after new batches under the same rules an
// incremental run resolves only what they touch (incremental.ts); with nothing new it does
// nothing. `cpm run` resolves aside (resolveAside) and publishes golden with the marts built on it.
import type { IdentityFile } from '../config/identity-schema.js';
import { ConfigError } from '../errors/cpm-error.js';
import { qualified } from '../pipeline/meta-tables.js';
import { type RunContext, nowText } from '../pipeline/run-context.js';
import { timedStep } from '../pipeline/run-log.js';
import { type PublishPlan, publishPlan } from '../publish/publish-aside.js';
import { countRows } from '../warehouse/count-rows.js';
import { extraIdentifierNames } from '../pipeline/staging/standard-shapes.js';
import { buildCandidatePairs, candidatePairsTable, type BlockingReport } from './block.js';
import { estimateParameters } from './fellegi-sunter.js';
import { connectedComponents } from './cluster.js';
import { buildGoldenAside, ensureEngagementView, goldenCounts, type GoldenCounts } from './golden.js';
import { buildGoldenChanges, clusterChanges, type IncrementalSince, normalizeChanges, scoreChanges } from './incremental.js';
import { ensureIdentityTables } from './identity-tables.js';
import { cleanUpInterruptedResolution, interruptedResolution, markResolutionPending } from './interrupted-resolution.js';
import { normalizeStatements, recordsTable, sharedEmailsStatement } from './normalize.js';
import { scoredPairsTable, scoreStatement, similaritiesSelect } from './score.js';
import { loadSeeds } from './seeds.js';
import { currentResolveState, lastResolveState, sameState, saveResolveStateStatement } from './resolve-state.js';
import { assignStableIds, clustersTable, type IdChanges } from './stable-ids.js';

export interface ResolveResult {
  skipped: false;
  /** full: every record resolved again (first run, new rules, --full); incremental: only what new batches and decisions touch. */
  mode: 'full' | 'incremental';
  records: number;
  /** Incremental runs: new or changed person records, and records sharing a block with them. */
  changedRecords?: number;
  touchedRecords?: number;
  /** Full runs: candidate pairs per blocking rule. */
  blocking?: BlockingReport;
  /** Pairs scored by this run, then totals over the match audit. */
  pairs: { scored: number; deterministic: number; probabilistic: number; review: number; vetoed: number };
  clusters: { count: number; rounds: number; recomputedRecords: number };
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

const count = (ctx: RunContext, table: string) => countRows(ctx.wh, qualified(ctx.wh.dialect, table));

export interface ResolveOptions {
  /** Resolve even when nothing changed. */
  force?: boolean;
  /** Resolve every record again, even when an incremental run would do. */
  full?: boolean;
}

type Stage = <T>(name: string, fn: () => Promise<T>, rows: (v: T) => number) => Promise<T>;

/** A resolution whose golden tables are built aside and not yet published. */
export interface ResolvedAside {
  skipped: false;
  result: Omit<ResolveResult, 'golden'>;
  /** Puts the golden tables in place, and records the resolution with them. */
  plan: PublishPlan;
}

/** `cpm resolve`: resolves, then publishes the golden tables. */
export async function runResolve(ctx: RunContext, options: ResolveOptions = {}): Promise<ResolveResult | { skipped: true }> {
  const resolved = await resolveAside(ctx, options);
  if (resolved.skipped) return resolved;
  await timedStep(ctx, 'publish', () => publishPlan(ctx.wh, resolved.plan), () => ({ rows: resolved.plan.tables.length, detail: 'golden' }));
  return { ...resolved.result, golden: await goldenCounts(ctx.wh) };
}

/**
 * Resolves identities and builds the golden tables aside; the caller publishes the plan (with
 * the marts, in `cpm run`). Until it does, the resolution stays marked pending, and the next one
 * resolves in full (interrupted-resolution.ts): a publish that never happens loses nothing.
 */
export async function resolveAside(ctx: RunContext, options: ResolveOptions = {}): Promise<ResolvedAside | { skipped: true }> {
  const config = identityConfig(ctx);
  const { wh } = ctx;
  await ensureIdentityTables(wh);
  const state = await currentResolveState(wh, ctx.project);
  const last = await lastResolveState(wh);
  const published = await wh.tableExists({ schema: 'golden', name: 'constituents' });
  // A resolution killed part way left identity tables half changed: clean up, then resolve in
  // full (interrupted-resolution.ts), whatever the state says.
  const interrupted = await interruptedResolution(wh);
  if (interrupted) {
    const { published: went } = await cleanUpInterruptedResolution(wh, interrupted);
    ctx.log.warn(`resolve: run ${interrupted} did not finish resolving (its golden publish ${went ? 'went through' : 'never happened'}); resolving in full`);
  }
  if (!interrupted && !options.force && !options.full && published && last && sameState(state, last)) {
    ctx.log.info('resolve: no new batch, rule or review decision since the last resolution; golden tables unchanged');
    await ensureEngagementView(wh);
    return { skipped: true };
  }
  const seconds: Record<string, number> = {};
  const stage: Stage = async (name, fn, rows) => {
    const started = performance.now();
    ctx.progress(`resolve: ${name}`, Object.keys(seconds).length, 6);
    const value = await timedStep(ctx, `resolve:${name}`, fn, (v) => ({ rows: rows(v) }));
    seconds[name] = (performance.now() - started) / 1000;
    return value;
  };
  const incremental = !interrupted && !options.full && published && last?.rules === state.rules && (await wh.tableExists({ schema: 'identity', name: 'clusters' }));
  const now = nowText();
  // Before the first change; the publish clears the mark with the statement that records the end.
  await markResolutionPending(wh, ctx.runId);
  const saveState = saveResolveStateStatement(wh.dialect, state, now);
  const { plan, audit, ...result } = incremental
    ? await resolveChanges(ctx, config, { batch: last!.batch, at: last!.at! }, stage, now, saveState)
    : await resolveAll(ctx, config, stage, now, saveState);
  ctx.progress('resolve', 6, 6);
  return { skipped: false, result: { ...result, pairs: { ...(await auditTotals(ctx, audit)), scored: result.pairs.scored }, seconds }, plan };
}

/** What resolveAll and resolveChanges give; `audit` is the match audit they will publish (a relation). */
type Partial = Omit<ResolveResult, 'seconds' | 'pairs' | 'golden'> & { pairs: { scored: number }; plan: PublishPlan; audit: string };

async function resolveAll(ctx: RunContext, config: IdentityFile, stage: Stage, now: string, saveState: string): Promise<Partial> {
  const { wh } = ctx;
  const d = wh.dialect;
  const records = await stage('normalize', () => prepareRecords(ctx), (n) => n);
  const blocking = await stage('block', () => buildCandidatePairs(wh, config), (r) => r.candidatePairs);
  const scored = await stage(
    'score',
    async () => {
      // The Fellegi-Sunter model first learns its weights from these candidate pairs.
      const params = config.model === 'fellegi_sunter' ? await estimateParameters(wh, config, similaritiesSelect(d, config, qualified(d, candidatePairsTable))) : undefined;
      await wh.execute(scoreStatement(d, config, ctx.runId, params));
      return count(ctx, scoredPairsTable);
    },
    (n) => n,
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
      return { count: await clusterCount(ctx), rounds, recomputedRecords: records };
    },
    (c) => c.count,
  );
  const ids = await stage('stable_ids', () => assignStableIds(wh, ctx.runId, now), (c) => c.created);
  const plan = await stage('golden', () => buildGoldenAside(wh, config, ctx.runId, now, saveState), () => records);
  return { skipped: false, mode: 'full', records, blocking, pairs: { scored }, clusters, ids, plan, audit: qualified(d, scoredPairsTable) };
}

async function resolveChanges(ctx: RunContext, config: IdentityFile, since: IncrementalSince, stage: Stage, now: string, saveState: string): Promise<Partial> {
  const { wh } = ctx;
  // The lookup tables are part of the rules: unchanged since the full run that loaded them.
  const changes = await stage('normalize', () => normalizeChanges(ctx, config, since), (c) => c.changed);
  const scored = await stage('score', () => scoreChanges(ctx, config), (s) => s.pairs);
  const clustered = await stage('cluster', () => clusterChanges(wh, scored.audit), (c) => c.affected);
  const golden = await stage('golden', () => buildGoldenChanges(ctx, config, since, scored.audit, now, saveState), (p) => p.constituentsRefreshed);
  return {
    skipped: false,
    mode: 'incremental',
    records: await count(ctx, recordsTable),
    changedRecords: changes.changed,
    touchedRecords: changes.touched,
    pairs: { scored: scored.pairs },
    clusters: { count: golden.clusters, rounds: clustered.rounds, recomputedRecords: clustered.affected },
    ids: golden.ids,
    plan: golden.plan,
    audit: scored.audit,
  };
}

async function clusterCount(ctx: RunContext): Promise<number> {
  const [row] = await ctx.wh.query(`SELECT COUNT(DISTINCT cluster_key) AS n FROM ${qualified(ctx.wh.dialect, clustersTable)}`);
  return Number(row?.['n'] ?? 0);
}

async function auditTotals(ctx: RunContext, audit: string): Promise<Omit<ResolveResult['pairs'], 'scored'>> {
  const [row] = await ctx.wh.query(`SELECT
      SUM(CASE WHEN decision = 'match' AND match_type = 'deterministic' THEN 1 ELSE 0 END) AS deterministic,
      SUM(CASE WHEN decision = 'match' AND match_type = 'probabilistic' THEN 1 ELSE 0 END) AS probabilistic,
      SUM(CASE WHEN decision = 'review' THEN 1 ELSE 0 END) AS review,
      SUM(CASE WHEN veto IS NOT NULL THEN 1 ELSE 0 END) AS vetoed
    FROM ${audit} AS a`);
  const n = (k: string) => Number(row?.[k] ?? 0);
  return { deterministic: n('deterministic'), probabilistic: n('probabilistic'), review: n('review'), vetoed: n('vetoed') };
}
