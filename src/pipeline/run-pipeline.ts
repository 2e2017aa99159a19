// `cpm run`: every step in order. Later layers (marts, metrics) join this list.
import type { LoadReport } from '../connectors/connector.js';
import { runResolve, type ResolveResult } from '../identity/resolve.js';
import { resolveAsOf } from '../marts/as-of.js';
import { runMarts, type MartsResult } from '../marts/run-marts.js';
import { type MetricsStepResult, runMetrics } from '../metrics/run-metrics.js';
import { derivedFingerprint, derivedUpToDate, saveDerivedState } from './derived-state.js';
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
  /** Wall-clock seconds of each step that ran, in order. */
  seconds: Partial<Record<PipelineStep, number>>;
}

export type PipelineStep = 'ingest' | 'stage' | 'resolve' | 'marts' | 'metrics';

export async function runPipeline(ctx: RunContext, options: IngestOptions & { fullRefresh?: boolean } = {}): Promise<PipelineResult> {
  const seconds: PipelineResult['seconds'] = {};
  const timed = async <T>(step: PipelineStep, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      seconds[step] = (performance.now() - started) / 1000;
    }
  };
  const ingest = await timed('ingest', () => runIngest(ctx, options));
  const stage = await timed('stage', () => runStage(ctx, { fullRefresh: options.fullRefresh }));
  const resolve = ctx.project.identity ? await timed('resolve', () => runResolve(ctx)) : undefined;
  if (!resolve) return { ingest, stage, seconds };
  // One as-of date for the skip check, the marts and the metrics.
  const asOf = await resolveAsOf(ctx);
  const fingerprint = await derivedFingerprint(ctx, asOf.date);
  if (resolve.skipped && (await derivedUpToDate(ctx, fingerprint))) {
    ctx.log.debug('marts and metrics are up to date: no new golden records, as-of date or config since they were built');
    return { ingest, stage, resolve, derivedUpToDate: true, seconds };
  }
  const marts = await timed('marts', () => runMarts(ctx, { asOf }));
  const metrics = await timed('metrics', () => runMetrics(ctx, asOf.date));
  await saveDerivedState(ctx, fingerprint);
  return { ingest, stage, resolve, marts, metrics, seconds };
}
