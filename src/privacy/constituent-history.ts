// A constituent id asked about may be retired: merges and splits since give it new ids
// (golden.constituent_id_history). A request follows an old id forward to the person now, and
// lists the ids the person had before.
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { literalScope } from './scope.js';

const text = (rows: Record<string, unknown>[], column: string) => [...new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string' && v !== ''))].sort();
const idScope = (d: Parameters<typeof literalScope>[0], list: string[]) => literalScope(d, { records: [], emails: [], constituentIds: list });

/** The constituent itself when it is published, else what its id became through merges and splits. */
export async function currentIds(wh: Warehouse, id: string): Promise<string[]> {
  const d = wh.dialect;
  const published = async (list: string[]) =>
    text(await wh.query(`SELECT DISTINCT constituent_id FROM ${qualified(d, 'golden.constituent_source_links')} WHERE ${idScope(d, list).constituent('constituent_id')}`), 'constituent_id');
  let frontier = [id];
  const seen = new Set(frontier);
  // History chains are short (one step per run that merged or split the person); the bound
  // only guards against a cycle written by hand.
  for (let hop = 0; hop < 50 && frontier.length; hop++) {
    const now = await published(frontier);
    if (now.length) return now;
    const rows = await wh.query(`SELECT DISTINCT new_constituent_id AS id FROM ${qualified(d, 'golden.constituent_id_history')} WHERE ${idScope(d, frontier).constituent('old_constituent_id')}`);
    frontier = text(rows, 'id').filter((x) => !seen.has(x));
    frontier.forEach((x) => seen.add(x));
  }
  return [];
}

/** The ids the constituents had before merges and splits. */
export async function formerIds(wh: Warehouse, ids: string[]): Promise<string[]> {
  const d = wh.dialect;
  const seen = new Set(ids);
  let frontier = ids;
  for (let hop = 0; hop < 50 && frontier.length; hop++) {
    const rows = await wh.query(`SELECT DISTINCT old_constituent_id AS id FROM ${qualified(d, 'golden.constituent_id_history')} WHERE ${idScope(d, frontier).constituent('new_constituent_id')}`);
    frontier = text(rows, 'id').filter((x) => !seen.has(x));
    frontier.forEach((x) => seen.add(x));
  }
  return [...seen].filter((x) => !ids.includes(x)).sort();
}
