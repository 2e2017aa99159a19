// Copies the stage marts.constituent_profile computed for each constituent into
// golden.constituents.lifecycle_stage. An in-place MERGE rather than a rebuild of the golden
// table, so identity resolution keeps sole ownership of that table's shape and rows; only rows
// whose stage changed are written.
import type { LifecycleStage } from '../config/lifecycle-schema.js';
import { lifecycleStages } from '../config/lifecycle-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export const profileTable = 'marts.constituent_profile';

export async function publishLifecycle(wh: Warehouse): Promise<Record<LifecycleStage, number>> {
  await wh.execute(lifecycleMerge(wh.dialect));
  return stageCounts(wh);
}

/** The MERGE of the published profile's stages into golden.constituents (the marts publish runs
 * it in the same transaction that puts the new profile in place). */
export function lifecycleMerge(d: Dialect): string {
  return d.merge({
    target: qualified(d, 'golden.constituents'),
    source: `SELECT constituent_id, lifecycle_stage FROM ${qualified(d, profileTable)}`,
    keys: ['constituent_id'],
    columns: ['constituent_id', 'lifecycle_stage'],
    updateWhen: 't.lifecycle_stage IS NULL OR t.lifecycle_stage <> s.lifecycle_stage',
  });
}

export async function stageCounts(wh: Warehouse): Promise<Record<LifecycleStage, number>> {
  const rows = await wh.query(`SELECT lifecycle_stage, COUNT(*) AS n FROM ${qualified(wh.dialect, 'golden.constituents')} GROUP BY lifecycle_stage`);
  const counts = Object.fromEntries(lifecycleStages.map((s) => [s, 0])) as Record<LifecycleStage, number>;
  for (const r of rows) if (r['lifecycle_stage'] !== null) counts[r['lifecycle_stage'] as LifecycleStage] = Number(r['n']);
  return counts;
}
