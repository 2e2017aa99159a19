// What a run leaves behind, per stream and layer: the demo's and `cpm run`'s closing summary.
import { goldenCounts, type GoldenCounts } from '../identity/golden.js';
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
  return {
    golden,
    streams,
    personRecords: rows('staging', 'person_records'),
    events: rows('staging', 'events'),
    newRows: streams.reduce((n, s) => n + s.newRows, 0),
  };
}

async function goldenSummary(wh: Warehouse, resolved: boolean): Promise<RunSummary['golden']> {
  return { ...(await goldenCounts(wh)), resolved };
}
