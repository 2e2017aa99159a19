// Clustering: connected components of the match edges, in SQL, so it runs where the data is.
// Each record starts labelled with its own key; every round a record takes the smallest label
// among itself and its neighbours, then jumps to its label's label (pointer jumping), which
// needs about log(diameter) rounds instead of one per hop. A component's label is its
// smallest record key, so the result does not depend on the order work was done in.
import type { Warehouse } from '../warehouse/warehouse.js';

export interface ComponentsResult {
  rounds: number;
}

/**
 * Writes `target` (record_key, cluster_key) for every record of `nodes` (a SELECT of record_key),
 * grouping records joined by the `edges` (a SELECT of key_a, key_b).
 */
export async function connectedComponents(wh: Warehouse, nodes: string, edges: string, target: string): Promise<ComponentsResult> {
  const d = wh.dialect;
  const q = (n: string) => d.quoteIdent(n);
  await wh.execute(d.createTempTableAs(q('cpm_cc_edges'), `SELECT key_a AS u, key_b AS v FROM (${edges}) AS e UNION ALL SELECT key_b, key_a FROM (${edges}) AS e`));
  await wh.execute(d.createTempTableAs(q('cpm_cc_labels'), `SELECT DISTINCT u AS node, u AS label FROM cpm_cc_edges`));
  let rounds = 0;
  for (;;) {
    rounds++;
    const smallestNeighbour = `
      SELECT l.node, CASE WHEN m.label < l.label THEN m.label ELSE l.label END AS label
      FROM cpm_cc_labels AS l
      LEFT JOIN (SELECT e.u AS node, MIN(n.label) AS label FROM cpm_cc_edges AS e JOIN cpm_cc_labels AS n ON n.node = e.v GROUP BY e.u) AS m
        ON m.node = l.node`;
    await wh.execute(d.createTempTableAs(q('cpm_cc_step'), smallestNeighbour));
    const jumped = `
      SELECT s.node, CASE WHEN j.label < s.label THEN j.label ELSE s.label END AS label
      FROM cpm_cc_step AS s JOIN cpm_cc_step AS j ON j.node = s.label`;
    await wh.execute(d.createTempTableAs(q('cpm_cc_next'), jumped));
    const [changed] = await wh.query(`SELECT COUNT(*) AS n FROM cpm_cc_next AS x JOIN cpm_cc_labels AS l ON l.node = x.node WHERE x.label <> l.label`);
    await wh.execute(d.dropTable(q('cpm_cc_labels')));
    await wh.execute(d.renameTable(q('cpm_cc_next'), 'cpm_cc_labels'));
    if (Number(changed?.['n'] ?? 0) === 0) break;
  }
  const all = `
    SELECT n.record_key, COALESCE(l.label, n.record_key) AS cluster_key
    FROM (${nodes}) AS n LEFT JOIN cpm_cc_labels AS l ON l.node = n.record_key`;
  await wh.execute(d.createTableAs(target, all, true));
  for (const t of ['cpm_cc_edges', 'cpm_cc_labels', 'cpm_cc_step']) await wh.execute(d.dropTable(q(t)));
  return { rounds };
}

export interface PartialReclustering {
  /** SELECT record_key of every record now. */
  nodes: string;
  /** Table (record_key, cluster_key) of a clustering that is right except around the seeds. */
  previous: string;
  /** SELECT record_key of records whose edges may differ from those behind `previous`. */
  seeds: string;
  /** SELECT key_a, key_b: the edges now. */
  edges: string;
  target: string;
  /** Keep the records whose clusters were recomputed in a session table of this name. */
  keepAffectedAs?: string;
  /** Write only the recomputed records to `target` (the caller merges them into `previous`). */
  onlyAffected?: boolean;
}

/**
 * Connected components recomputed only where they can have changed: the previous clusters of
 * the seed records (and the seeds themselves). Every other record keeps its cluster, which is
 * what a full run would give, because a component with no changed edge is the same component,
 * with the same smallest key. Used for incremental resolution and for profiles (another cut of
 * the same edges differs from the default only around the pairs the cuts disagree on).
 */
export async function reclusterAround(wh: Warehouse, r: PartialReclustering): Promise<ComponentsResult & { affected: number }> {
  const d = wh.dialect;
  const q = (n: string) => d.quoteIdent(n);
  const affected = `
    SELECT p2.record_key FROM (${r.seeds}) AS s
    JOIN ${r.previous} AS p1 ON p1.record_key = s.record_key
    JOIN ${r.previous} AS p2 ON p2.cluster_key = p1.cluster_key
    UNION SELECT record_key FROM (${r.seeds}) AS s2`;
  await wh.execute(d.createTempTableAs(q('cpm_cc_affected'), affected));
  const local = `SELECT e.key_a, e.key_b FROM (${r.edges}) AS e JOIN cpm_cc_affected AS x ON x.record_key = e.key_a`;
  const result = await connectedComponents(wh, 'SELECT record_key FROM cpm_cc_affected', local, q('cpm_cc_local'));
  const merged = r.onlyAffected
    ? 'SELECT record_key, cluster_key FROM cpm_cc_local'
    : `SELECT n.record_key, COALESCE(l.cluster_key, p.cluster_key, n.record_key) AS cluster_key
    FROM (${r.nodes}) AS n
    LEFT JOIN cpm_cc_local AS l ON l.record_key = n.record_key
    LEFT JOIN ${r.previous} AS p ON p.record_key = n.record_key`;
  await wh.execute(d.createTableAs(r.target, merged, true));
  const [count] = await wh.query('SELECT COUNT(*) AS n FROM cpm_cc_affected');
  if (r.keepAffectedAs) await wh.execute(d.createTempTableAs(q(r.keepAffectedAs), 'SELECT record_key FROM cpm_cc_affected'));
  for (const t of ['cpm_cc_affected', 'cpm_cc_local']) await wh.execute(d.dropTable(q(t)));
  return { ...result, affected: Number(count?.['n'] ?? 0) };
}
