// `cpm run`: every step in order. Later layers (marts, metrics) join this list.
import type { LoadReport } from '../connectors/connector.js';
import { goldenCounts } from '../identity/golden.js';
import { resolveAside, type ResolveResult } from '../identity/resolve.js';
import { resolveAsOf } from '../marts/as-of.js';
import { buildMartsAside, finishMarts, type MartsResult } from '../marts/run-marts.js';
import { type MetricsStepResult, runMetrics } from '../metrics/run-metrics.js';
import type { QualityLayer } from '../config/quality-schema.js';
import { type QualityReport, qualitySession } from '../quality/quality-run.js';
import { asideNames, combinePlans, discardPlan, publishPlan } from '../publish/publish-aside.js';
import { type SnapshotResult, takeSnapshot } from '../publish/take-snapshot.js';
import { derivedFingerprint, derivedUpToDate, saveDerivedState } from './derived-state.js';
import { publishedStateUnsnapshotted } from './crash-recovery.js';
import { faultPhase } from './fault-injection.js';
import { runIngest, type IngestOptions } from './ingest.js';
import { timedStep } from './run-log.js';
import type { MaterializeResult } from './models/materialize.js';
import type { RunContext } from './run-context.js';
import { runStage } from './stage.js';

export interface PipelineResult {
  ingest: LoadReport[];
  stage: MaterializeResult[];
  /** Absent when the project has no config/identity.yaml, or a quality check stopped the publish. */
  resolve?: ResolveResult | { skipped: true };
  /** Dimensions, lifecycle stages and marts; built after resolve, so absent without it. */
  marts?: MartsResult;
  /** The dictionary as of the run's date (absent without golden records or a dictionary). */
  metrics?: MetricsStepResult;
  /** Marts and metrics were left as they were: nothing they derive from changed. */
  derivedUpToDate?: boolean;
  /** The published state this run kept for `cpm rollback` (absent when it published nothing, or snapshots.keep is 0). */
  snapshot?: SnapshotResult;
  /** Checks of config/quality_rules.yaml, each layer after its step (absent without the file).
   * When `quality.blocked`, a check failed and nothing new was published: after a staging
   * failure resolve, marts and metrics did not run; after a golden or marts one, the tables they
   * built aside were dropped. */
  quality?: QualityReport;
  /** Wall-clock seconds of each step that ran, in order ('quality' adds up every layer's checks). */
  seconds: Partial<Record<PipelineStep, number>>;
}

export type PipelineStep = 'ingest' | 'stage' | 'quality' | 'resolve' | 'marts' | 'publish' | 'metrics' | 'snapshot';

export async function runPipeline(ctx: RunContext, options: IngestOptions & { fullRefresh?: boolean } = {}): Promise<PipelineResult> {
  const seconds: PipelineResult['seconds'] = {};
  const timed = async <T>(step: PipelineStep, fn: () => Promise<T>): Promise<T> => {
    faultPhase(step); // names the step in the crash tests' trace (a no-op otherwise)
    const started = performance.now();
    try {
      return await fn();
    } finally {
      seconds[step] = (seconds[step] ?? 0) + (performance.now() - started) / 1000;
    }
  };
  const quality = qualitySession(ctx);
  const checkLayer = (layer: QualityLayer, aside?: Map<string, string>) => (ctx.project.quality ? timed('quality', () => quality.check(layer, aside)) : Promise.resolve(true));
  const done = async (result: Omit<PipelineResult, 'quality'>): Promise<PipelineResult> => {
    const report = ctx.project.quality ? await timed('quality', () => quality.finish()) : undefined;
    return report ? { ...result, quality: report } : result;
  };
  const ingest = await timed('ingest', () => runIngest(ctx, options));
  const stage = await timed('stage', () => runStage(ctx, { fullRefresh: options.fullRefresh }));
  // A failing staging check keeps golden, marts and metrics as they were (block_publish).
  if (!(await checkLayer('staging'))) return done({ ingest, stage, seconds });
  const resolved = ctx.project.identity ? await timed('resolve', () => resolveAside(ctx)) : undefined;
  if (!resolved) return done({ ingest, stage, seconds });
  if (resolved.skipped) {
    await checkLayer('golden');
    const asOf = await resolveAsOf(ctx);
    const fingerprint = await derivedFingerprint(ctx, asOf.date);
    if (await derivedUpToDate(ctx, fingerprint)) {
      ctx.log.debug('marts and metrics are up to date: no new golden records, as-of date or config since they were built');
      // The run that built them was killed while keeping its snapshot: keep it now (crash-recovery.ts).
      const snapshot = (await publishedStateUnsnapshotted(ctx, fingerprint)) ? await timed('snapshot', () => takeSnapshot(ctx)) : undefined;
      await checkLayer('marts');
      return done({ ingest, stage, resolve: resolved, derivedUpToDate: true, ...(snapshot ? { snapshot } : {}), seconds });
    }
  }
  // New golden tables (when resolve ran) and the marts built on them, all aside: checked, then
  // published as one, so readers never see the new golden records beside the last run's marts.
  const golden = resolved.skipped ? undefined : resolved.plan;
  const built = await timed('marts', () => buildMartsAside(ctx, { golden }));
  const plan = combinePlans(golden ? [golden, built.plan] : [built.plan]);
  const aside = asideNames(plan);
  const passed = (!golden || (await checkLayer('golden', aside))) && (await checkLayer('marts', aside));
  if (!passed) {
    // The resolution stays marked pending: the next run resolves in full (interrupted-resolution.ts).
    await discardPlan(ctx.wh, plan);
    return done({ ingest, stage, seconds });
  }
  await timed('publish', () =>
    timedStep(ctx, 'publish', () => publishPlan(ctx.wh, plan), () => ({ rows: plan.tables.length, detail: `${plan.tables.map((t) => `${t.schema}.${t.name}`).join(', ')}` })),
  );
  const marts = await timed('marts', () => finishMarts(ctx, built));
  const metrics = await timed('metrics', () => runMetrics(ctx, built.asOf.date));
  // After the publish, which recorded the resolution the fingerprint includes.
  await saveDerivedState(ctx, await derivedFingerprint(ctx, built.asOf.date));
  // This run published golden, dimension or mart tables: keep them for `cpm rollback`.
  const snapshot = await timed('snapshot', () => takeSnapshot(ctx));
  const resolve = resolved.skipped ? resolved : { ...resolved.result, golden: await goldenCounts(ctx.wh) };
  return done({ ingest, stage, resolve, marts, metrics, snapshot, seconds });
}
