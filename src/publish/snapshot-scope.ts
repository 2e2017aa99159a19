// What a snapshot keeps: everything a rollback must put back for the warehouse to be exactly as
// a run left it, and for the run after a rollback to be correct. That is the published layers
// (golden, dimensions, marts) and the identity working state the next incremental resolution
// reads (identity.* and its rows of meta.model_state). Inputs stay as they are: raw, staging,
// the batches and watermarks, and people's review decisions, so a run after a rollback resolves
// again whatever was loaded or decided since.
import type { Project } from '../config/project.js';
import { modelCatalog } from '../pipeline/model-catalog.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';

export const snapshotSchemas = ['golden', 'dimensions', 'marts', 'identity'] as const;

/** Rows of meta.model_state a snapshot keeps: the last resolution's state (which batches and
 * rules it saw) and the marts' up-to-date fingerprint. Staging models' rows describe staging,
 * which a rollback leaves alone. */
export const stateModels = ['identity.resolve', 'pipeline.derived'] as const;

/** Tables of those schemas that are not published state, and why. */
const notKept: [pattern: RegExp, why: string][] = [
  [/^golden\.review_decisions$/, "people's review decisions are input: a rollback keeps them, the next run applies them"],
  [/^golden\.engagement_events$/, 'a view over staging.events and the links'],
  [/^identity\.seed_/, 'loaded from config/seeds/ by each full resolution; the resolve state hashes them'],
  [/^identity\.explain_records$/, 'scratch table of `cpm identity explain`'],
  [/^identity\.profile_.+_clusters$/, 'scratch table of the profile clustering'],
  [/__next$|_delta$|__cpm_/, 'build scratch: a table built aside, a delta, a restore in progress'],
];

export function keptInSnapshot(qualifiedName: string): boolean {
  return !notKept.some(([pattern]) => pattern.test(qualifiedName));
}

/** Tables a snapshot of the warehouse as it is now keeps, in schema order. */
export async function tablesInScope(wh: Warehouse, project: Project): Promise<TableRef[]> {
  // Dimension and mart models built as views are remade by the marts step, not kept.
  const views = new Set(
    modelCatalog(project, wh.dialect)
      .filter((m) => m.config.materialized === 'view')
      .map((m) => m.name),
  );
  const tables: TableRef[] = [];
  for (const schema of snapshotSchemas) {
    for (const name of await wh.listTables(schema)) {
      const full = `${schema}.${name}`;
      if (keptInSnapshot(full) && !views.has(full)) tables.push({ schema, name });
    }
  }
  return tables;
}
