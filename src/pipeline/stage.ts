// `cpm stage`: raw -> staging. Each stream's typed table, then the standard shapes, in ref order.
import { stageableUpTo } from './batches.js';
import { ensureMetaTables } from './meta-tables.js';
import { modelCatalog } from './model-catalog.js';
import { topologicalOrder } from './models/dag.js';
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
  const upTo = await stageableUpTo(wh);
  const models = topologicalOrder(modelCatalog(project, wh.dialect).filter((m) => m.name.startsWith('staging.')));
  const results: MaterializeResult[] = [];
  for (const [i, model] of models.entries()) {
    ctx.progress('stage', i, models.length);
    const result = await timedStep(ctx, `stage:${model.name}`, () => materialize(wh, model, upTo, options), (r) => ({ rows: r.rowsTotal, detail: `${r.quarantined} quarantined` }));
    if (result.quarantined) ctx.log.warn(`${model.name}: ${result.quarantined} row(s) could not be typed and were quarantined (see quality.quarantine)`);
    results.push(result);
  }
  ctx.progress('stage', models.length, models.length);
  return results;
}
