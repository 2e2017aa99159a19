// Stable constituent IDs. A cluster keeps the ID most of its records had in the last published
// run; an old ID goes to the one cluster holding most of its records (mutual best match). IDs
// that lose their records to another cluster are recorded as merges; clusters split off an old
// one get a new ID and a split record, so any old ID can be followed to its current one.
// New IDs are derived from the cluster's smallest record key (and the ID it split from), so a
// full re-resolve of the same data gives the same IDs.
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from '../pipeline/meta-tables.js';
import { recordsTable } from './normalize.js';

export const clustersTable = 'identity.clusters';
export const assignmentsTable = 'identity.assignments';
export const linksTable = 'golden.constituent_source_links';
export const idHistoryTable = 'golden.constituent_id_history';

export interface IdChanges {
  merged: number;
  split: number;
  created: number;
}

/**
 * Writes identity.assignments (record_key, source_system, source_record_id, constituent_id) from
 * identity.clusters and the previous links, and appends merges and splits to
 * golden.constituent_id_history. With `affected` (a table of record_key holding whole previous
 * and new clusters), only those records' assignments are worked out and replaced: every other
 * cluster is unchanged and keeps its ID.
 */
export async function assignStableIds(wh: Warehouse, runId: string, now: string, affected?: string): Promise<IdChanges> {
  const d = wh.dialect;
  const q = (n: string) => d.quoteIdent(n);
  const clusters = affected ? `(SELECT c.* FROM ${qualified(d, clustersTable)} AS c JOIN ${affected} AS x ON x.record_key = c.record_key)` : qualified(d, clustersTable);
  const previous = `SELECT ${d.concat(['source_system', "':'", 'source_record_id'])} AS record_key, constituent_id FROM ${qualified(d, linksTable)}`;
  const overlap = `
    SELECT c.cluster_key, p.constituent_id, COUNT(*) AS n,
      ${d.rowNumber(['c.cluster_key'], ['COUNT(*) DESC', 'p.constituent_id'])} AS rank_in_cluster,
      ${d.rowNumber(['p.constituent_id'], ['COUNT(*) DESC', 'c.cluster_key'])} AS rank_of_id
    FROM ${clusters} AS c JOIN (${previous}) AS p ON p.record_key = c.record_key
    GROUP BY c.cluster_key, p.constituent_id`;
  await wh.execute(d.createTempTableAs(q('cpm_id_overlap'), overlap));
  const kept = `SELECT cluster_key, constituent_id FROM cpm_id_overlap WHERE rank_in_cluster = 1 AND rank_of_id = 1`;
  const biggestOld = `SELECT cluster_key, constituent_id AS split_from FROM cpm_id_overlap WHERE rank_in_cluster = 1`;
  const ids = `
    SELECT k.cluster_key,
      COALESCE(kept.constituent_id, ${d.uuidFromText(d.concat(["'constituent:'", 'k.cluster_key', "':'", "COALESCE(o.split_from, '')"]))}) AS constituent_id,
      o.split_from, kept.constituent_id IS NOT NULL AS kept_old
    FROM (SELECT DISTINCT cluster_key FROM ${clusters} AS cl) AS k
    LEFT JOIN (${kept}) AS kept ON kept.cluster_key = k.cluster_key
    LEFT JOIN (${biggestOld}) AS o ON o.cluster_key = k.cluster_key`;
  await wh.execute(d.createTempTableAs(q('cpm_cluster_ids'), ids));
  const assigned = `SELECT c.record_key, r.source_system, r.source_record_id, i.constituent_id
       FROM ${clusters} AS c JOIN cpm_cluster_ids AS i ON i.cluster_key = c.cluster_key JOIN ${qualified(d, recordsTable)} AS r ON r.record_key = c.record_key`;
  const assignments = qualified(d, assignmentsTable);
  if (affected) {
    await wh.execute(d.deleteWhere(assignments, `record_key IN (SELECT record_key FROM ${affected})`));
    await wh.execute(`INSERT INTO ${assignments} ${assigned}`);
  } else {
    await wh.execute(d.createTableAs(assignments, assigned, true));
  }
  // Merges: an old ID no cluster kept; it points to the cluster that holds most of its records.
  // Splits: an old ID kept by one cluster whose records also went to clusters with new IDs.
  const changes = `
    SELECT o.constituent_id AS old_constituent_id, i.constituent_id AS new_constituent_id,
      CASE WHEN keeper.constituent_id IS NULL THEN 'merge' ELSE 'split' END AS change_type,
      o.n AS records_moved, ${d.stringLiteral(runId)} AS run_id, CAST(${d.stringLiteral(now)} AS ${d.type('timestamp')}) AS changed_at
    FROM cpm_id_overlap AS o
    JOIN cpm_cluster_ids AS i ON i.cluster_key = o.cluster_key
    LEFT JOIN cpm_cluster_ids AS keeper ON keeper.constituent_id = o.constituent_id AND keeper.kept_old
    WHERE i.constituent_id <> o.constituent_id AND (keeper.constituent_id IS NULL AND o.rank_of_id = 1 OR keeper.constituent_id IS NOT NULL)`;
  await wh.execute(`INSERT INTO ${qualified(d, idHistoryTable)} ${changes}`);
  const [counts] = await wh.query(`
    SELECT SUM(CASE WHEN run_id = ${d.stringLiteral(runId)} AND change_type = 'merge' THEN 1 ELSE 0 END) AS merged,
      SUM(CASE WHEN run_id = ${d.stringLiteral(runId)} AND change_type = 'split' THEN 1 ELSE 0 END) AS split
    FROM ${qualified(d, idHistoryTable)}`);
  const [created] = await wh.query(`SELECT COUNT(*) AS n FROM cpm_cluster_ids WHERE NOT kept_old`);
  for (const t of ['cpm_id_overlap', 'cpm_cluster_ids']) await wh.execute(d.dropTable(q(t)));
  return { merged: Number(counts?.['merged'] ?? 0), split: Number(counts?.['split'] ?? 0), created: Number(created?.['n'] ?? 0) };
}
