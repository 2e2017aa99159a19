// What a run leaves behind, per stream and layer: the demo's and `cpm run`'s closing summary.
import { goldenCounts, type GoldenCounts } from '../identity/golden.js';
import type { MartsResult } from '../marts/run-marts.js';
import type { MetricsStepResult } from '../metrics/run-metrics.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { layerCounts } from './layer-counts.js';
import { qualified } from './meta-tables.js';
import type { PipelineResult } from './run-pipeline.js';

export interface StreamSummary {
  stream: string;
  newRows: number;
  raw: number;
  staging: number;
  quarantined: number;
}

export interface RunSummary {
  streams: StreamSummary[];
  personRecords: number;
  events: number;
  newRows: number;
  /** Golden layer after the run (absent without identity resolution). */
  golden?: GoldenCounts & { resolved: boolean };
  /** Lifecycle stages and mart tables after the run (absent without identity resolution). */
  marts?: { asOf: string; lifecycle: MartsResult['lifecycle']; tables: number };
  /** Headline metrics of the run (absent without a metrics dictionary). */
  metrics?: Pick<MetricsStepResult, 'asOf' | 'headline' | 'computed'> & { failedExpectations: number };
  /** Marts and metrics were not rebuilt: nothing they derive from changed. */
  derivedUpToDate?: boolean;
  /** Quality checks of the run (absent without config/quality_rules.yaml). */
  quality?: PipelineResult['quality'];
  /** The snapshot this run kept for `cpm rollback` (absent when it published nothing). */
  snapshot?: PipelineResult['snapshot'];
  /** Wall-clock seconds per step. */
  seconds: PipelineResult['seconds'];
}

export async function summarize(wh: Warehouse, result: PipelineResult): Promise<RunSummary> {
  const counts = await layerCounts(wh, ['raw', 'staging']);
  const rows = (layer: string, table: string) => counts.find((c) => c.layer === layer && c.table === table)?.rows ?? 0;
  const d = wh.dialect;
  const quarantine = await wh.query(`SELECT source, stream, COUNT(*) AS n FROM ${qualified(d, 'quality.quarantine')} GROUP BY source, stream`);
  const quarantined = (source: string, stream: string) => Number(quarantine.find((q) => q['source'] === source && q['stream'] === stream)?.['n'] ?? 0);
  const streams = result.ingest.map((r) => ({
    stream: `${r.source}.${r.stream}`,
    newRows: r.rows,
    raw: rows('raw', `${r.source}__${r.stream}`),
    staging: rows('staging', `${r.source}__${r.stream}`),
    quarantined: quarantined(r.source, r.stream),
  }));
  const golden = result.resolve ? await goldenSummary(wh, !result.resolve.skipped) : undefined;
  const marts = result.marts && { asOf: result.marts.asOf.date, lifecycle: result.marts.lifecycle, tables: result.marts.models.length };
  const metrics = result.metrics && { asOf: result.metrics.asOf, headline: result.metrics.headline, computed: result.metrics.computed, failedExpectations: result.metrics.failures.length };
  return {
    golden,
    marts,
    metrics,
    derivedUpToDate: result.derivedUpToDate ?? false,
    ...(result.quality ? { quality: result.quality } : {}),
    ...(result.snapshot ? { snapshot: result.snapshot } : {}),
    seconds: result.seconds,
    streams,
    personRecords: rows('staging', 'person_records'),
    events: rows('staging', 'events'),
    newRows: streams.reduce((n, s) => n + s.newRows, 0),
  };
}

async function goldenSummary(wh: Warehouse, resolved: boolean): Promise<RunSummary['golden']> {
  return { ...(await goldenCounts(wh)), resolved };
}
