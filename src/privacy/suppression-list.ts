// privacy.suppression_list: what keeps an erased person out of every later load. Only SHA-256
// hashes of normalised values are kept (an email, a phone, a record key, a constituent id), never
// the values: the list can say "this row is someone erased" without saying who.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { sha256Hex } from './normalized-values.js';
import { type SuppressionKind, suppressionTable } from './scope.js';

export interface SuppressionEntry {
  kind: SuppressionKind;
  hash: string;
}

export function entries(kind: SuppressionKind, values: readonly string[]): SuppressionEntry[] {
  return values.map((v) => ({ kind, hash: sha256Hex(v) }));
}

/** The entries not on the list yet (a repeated erasure adds nothing). */
export async function newEntries(wh: Warehouse, wanted: SuppressionEntry[]): Promise<SuppressionEntry[]> {
  if (!wanted.length) return [];
  const d = wh.dialect;
  const rows = await wh.query(`SELECT kind, value_hash FROM ${qualified(d, suppressionTable)} WHERE value_hash IN (${wanted.map((e) => d.stringLiteral(e.hash)).join(', ')})`);
  const have = new Set(rows.map((r) => `${r['kind']}:${r['value_hash']}`));
  const seen = new Set<string>();
  return wanted.filter((e) => {
    const k = `${e.kind}:${e.hash}`;
    if (have.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function insertEntries(d: Dialect, requestId: string, list: SuppressionEntry[], addedBy: 'erase' | 'landing'): string[] {
  const at = timestampLiteral(d, nowText());
  const statements: string[] = [];
  for (let i = 0; i < list.length; i += 500) {
    const values = list.slice(i, i + 500).map((e) => `(${d.stringLiteral(requestId)}, ${d.stringLiteral(e.kind)}, ${d.stringLiteral(e.hash)}, ${d.stringLiteral(addedBy)}, ${at})`);
    statements.push(`INSERT INTO ${qualified(d, suppressionTable)} (request_id, kind, value_hash, added_by, added_at) VALUES ${values.join(', ')}`);
  }
  return statements;
}

export async function suppressionCount(wh: Warehouse): Promise<number> {
  const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${qualified(wh.dialect, suppressionTable)}`);
  return Number(row?.['n'] ?? 0);
}
