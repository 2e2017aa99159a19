// `cpm run`: every step in order. Later layers (resolve, marts, metrics) join this list.
import type { LoadReport } from '../connectors/connector.js';
import { runIngest, type IngestOptions } from './ingest.js';
import type { MaterializeResult } from './models/materialize.js';
import type { RunContext } from './run-context.js';
import { runStage } from './stage.js';

export interface PipelineResult {
  ingest: LoadReport[];
  stage: MaterializeResult[];
}

export async function runPipeline(ctx: RunContext, options: IngestOptions & { fullRefresh?: boolean } = {}): Promise<PipelineResult> {
  const ingest = await runIngest(ctx, options);
  const stage = await runStage(ctx, { fullRefresh: options.fullRefresh });
  return { ingest, stage };
}
