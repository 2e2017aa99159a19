// `cpm run`: every step in order. Later layers (marts, metrics) join this list.
import type { LoadReport } from '../connectors/connector.js';
import { runResolve, type ResolveResult } from '../identity/resolve.js';
import { resolveAsOf } from '../marts/as-of.js';
import { runMarts, type MartsResult } from '../marts/run-marts.js';
import { type MetricsStepResult, runMetrics } from '../metrics/run-metrics.js';
import type { QualityLayer } from '../config/quality-schema.js';
import { type QualityReport, qualitySession } from '../quality/quality-run.js';
import { type SnapshotResult, takeSnapshot } from '../publish/take-snapshot.js';
import { derivedFingerprint, derivedUpToDate, saveDerivedState } from './derived-state.js';
import { publishedStateUnsnapshotted } from './crash-recovery.js';
import { faultPhase } from './fault-injection.js';
import { runIngest, type IngestOptions } from './ingest.js';
import type { MaterializeResult } from './models/materialize.js';
import type { RunContext } from './run-context.js';
import { runStage } from './stage.js';

export interface PipelineResult {
  ingest: LoadReport[];
  stage: MaterializeResult[];
  /** Absent when the project has no config/identity.yaml. */
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
   * When `quality.blocked`, a staging check failed and resolve, marts and metrics did not run. */
  quality?: QualityReport;
  /** Wall-clock seconds of each step that ran, in order ('quality' adds up every layer's checks). */
  seconds: Partial<Record<PipelineStep, number>>;
}

export type PipelineStep = 'ingest' | 'stage' | 'quality' | 'resolve' | 'marts' | 'metrics' | 'snapshot';

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
  const checkLayer = (layer: QualityLayer) => (ctx.project.quality ? timed('quality', () => quality.check(layer)) : Promise.resolve(true));
  const done = async (result: Omit<PipelineResult, 'quality'>): Promise<PipelineResult> => {
    const report = ctx.project.quality ? await timed('quality', () => quality.finish()) : undefined;
    return report ? { ...result, quality: report } : result;
  };
  const ingest = await timed('ingest', () => runIngest(ctx, options));
  const stage = await timed('stage', () => runStage(ctx, { fullRefresh: options.fullRefresh }));
  // A failing staging check keeps golden, marts and metrics as they were (block_publish).
  if (!(await checkLayer('staging'))) return done({ ingest, stage, seconds });
  const resolve = ctx.project.identity ? await timed('resolve', () => runResolve(ctx)) : undefined;
  if (!resolve) return done({ ingest, stage, seconds });
  await checkLayer('golden');
  // One as-of date for the skip check, the marts and the metrics.
  const asOf = await resolveAsOf(ctx);
  const fingerprint = await derivedFingerprint(ctx, asOf.date);
  if (resolve.skipped && (await derivedUpToDate(ctx, fingerprint))) {
    ctx.log.debug('marts and metrics are up to date: no new golden records, as-of date or config since they were built');
    // The run that built them was killed while keeping its snapshot: keep it now (crash-recovery.ts).
    const snapshot = (await publishedStateUnsnapshotted(ctx, fingerprint)) ? await timed('snapshot', () => takeSnapshot(ctx)) : undefined;
    await checkLayer('marts');
    return done({ ingest, stage, resolve, derivedUpToDate: true, ...(snapshot ? { snapshot } : {}), seconds });
  }
  const marts = await timed('marts', () => runMarts(ctx, { asOf }));
  const metrics = await timed('metrics', () => runMetrics(ctx, asOf.date));
  await saveDerivedState(ctx, fingerprint);
  // This run published golden, dimension or mart tables: keep them for `cpm rollback`.
  const snapshot = await timed('snapshot', () => takeSnapshot(ctx));
  await checkLayer('marts');
  return done({ ingest, stage, resolve, marts, metrics, snapshot, seconds });
}
