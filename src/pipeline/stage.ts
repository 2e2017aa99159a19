// `cpm stage`: raw -> staging. Each stream's typed table, then the standard shapes, in ref order.
import { ensureEngagementView } from '../identity/golden.js';
import { suppressLanded, suppressStaged } from '../privacy/suppress-loads.js';
import { stageableUpTo } from './batches.js';
import { ensureMetaTables, qualified } from './meta-tables.js';
import { modelCatalog } from './model-catalog.js';
import { topologicalOrder } from './models/dag.js';
import type { Model } from './models/model.js';
import { materialize, type MaterializeResult } from './models/materialize.js';
import { ensureRawTable, rawTableName } from './raw-tables.js';
import type { RunContext } from './run-context.js';
import { timedStep } from './run-log.js';
import { streamEntries } from './staging/stream-models.js';

export interface StageOptions {
  /** Rebuild staging from all of raw instead of only new batches. */
  fullRefresh?: boolean;
}

export async function runStage(ctx: RunContext, options: StageOptions = {}): Promise<MaterializeResult[]> {
  const { wh, project } = ctx;
  await ensureMetaTables(wh);
  // A stream with no export yet still gets its (empty) raw table, so every model can be built.
  for (const e of streamEntries(project.sources)) {
    await ensureRawTable(wh, rawTableName(e.source, e.stream), e.config.columns.map((c) => c.source));
  }
  // Raw rows of erased people are redacted before staging reads them (a no-op after `cpm ingest`).
  await suppressLanded(ctx);
  const upTo = await stageableUpTo(wh);
  const catalog = modelCatalog(project, wh.dialect);
  const models = topologicalOrder(catalog.filter((m) => m.name.startsWith('staging.')));
  const hasNewInput = await newInputTest(ctx, catalog, upTo);
  const results: MaterializeResult[] = [];
  for (const [i, model] of models.entries()) {
    ctx.progress(`stage ${model.name}`, i, models.length);
    const result = await timedStep(ctx, `stage:${model.name}`, () => materialize(wh, model, upTo, { ...options, hasNewInput: (after) => hasNewInput(model, after) }), (r) => ({ rows: r.rowsTotal, detail: `${r.quarantined} quarantined; ${model.origin}` }));
    if (result.quarantined) ctx.log.warn(`${model.name}: ${result.quarantined} row(s) could not be typed and were quarantined (see quality.quarantine)`);
    results.push(result);
  }
  // Staging keeps nothing of people erased by a privacy request: their rows go to quarantine.
  await suppressStaged(ctx, options);
  ctx.progress('stage', models.length, models.length);
  // Rebuilding staging.events on PostgreSQL drops the views on it (CASCADE): put the golden
  // events view back, so marts, metrics and every later command find it.
  await ensureEngagementView(wh);
  return results;
}

/** For a model and a batch id: did any raw table it reads (through other models) get a batch since? */
async function newInputTest(ctx: RunContext, catalog: Model[], upTo: number): Promise<(model: Model, after: number) => boolean> {
  const d = ctx.wh.dialect;
  const batches = await ctx.wh.query(`SELECT batch_id, source, stream FROM ${qualified(d, 'meta.batches')} WHERE status = 'loaded' AND batch_id <= ${upTo}`);
  const byName = new Map(catalog.map((m) => [m.name, m]));
  const rawInputs = (m: Model, seen = new Set<string>()): Set<string> => {
    for (const dep of m.deps) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      const upstream = byName.get(dep);
      if (upstream) rawInputs(upstream, seen);
    }
    return seen;
  };
  return (model, after) => {
    const inputs = rawInputs(model);
    return batches.some((b) => Number(b['batch_id']) > after && inputs.has(`raw.${b['source']}__${b['stream']}`));
  };
}
