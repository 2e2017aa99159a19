// Reconciliation: every raw row of every batch is accounted for. A row is staged (it is the
// current row of its key), quarantined (it could not be typed or broke a row-level rule),
// superseded (a newer row of the same key, or a later duplicate in the same batch, is staged
// instead) or pending (its batch has not been staged yet). Each part is counted on its own, from
// a different table, so `unaccounted` (raw minus the parts) is a real check: it is non-zero when
// a row was lost between raw and staging.
import type { Dialect } from '../dialect/dialect.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';
import { lastConsumedBatch } from './models/materialize.js';
import { rawTableName } from './raw-tables.js';
import { typedSelect } from './staging/stream-sql.js';
import { type StreamEntry, stagingTableName, streamEntries } from './staging/stream-models.js';
import type { SourcesFile } from '../config/sources-schema.js';

export interface BatchReconciliation {
  source: string;
  stream: string;
  batch_id: number;
  raw: number;
  staged: number;
  quarantined: number;
  superseded: number;
  pending: number;
  unaccounted: number;
}

export async function reconcile(wh: Warehouse, sources: SourcesFile): Promise<BatchReconciliation[]> {
  const out: BatchReconciliation[] = [];
  for (const entry of streamEntries(sources)) {
    const raw = rawTableName(entry.source, entry.stream);
    if (!(await wh.tableExists(raw))) continue;
    const staging = stagingTableName(entry.source, entry.stream);
    const [schema, name] = staging.split('.') as [string, string];
    const consumed = (await wh.tableExists({ schema, name })) ? await lastConsumedBatch(wh, staging) : 0;
    const rows = await wh.query(reconcileSql(wh.dialect, entry, consumed));
    for (const r of rows) {
      const n = (k: string) => Number(r[k] ?? 0);
      const parts = { raw: n('raw_rows'), staged: n('staged'), quarantined: n('quarantined'), superseded: n('superseded'), pending: n('pending') };
      out.push({ source: entry.source, stream: entry.stream, batch_id: n('batch_id'), ...parts, unaccounted: parts.raw - parts.staged - parts.quarantined - parts.superseded - parts.pending });
    }
  }
  return out.sort((a, b) => a.batch_id - b.batch_id || a.source.localeCompare(b.source) || a.stream.localeCompare(b.stream));
}

function reconcileSql(d: Dialect, { source, stream, config }: StreamEntry, consumed: number): string {
  const q = (c: string) => d.quoteIdent(c);
  const raw = rawTableName(source, stream);
  const staging = qualified(d, stagingTableName(source, stream));
  const keys = config.key.map(q);
  const sameKey = keys.map((k) => `k.${k} = r.${k}`).join(' AND ');
  const row = (a: string, b: string, batch = '_batch_id', file = '_source_file', line = '_source_row') => `${a}.${batch} = ${b}._batch_id AND ${a}.${file} = ${b}._source_file AND ${a}.${line} = ${b}._source_row`;
  // Keys typed as staging types them (the optimizer drops the columns not selected).
  const typed = `SELECT _batch_id, _source_file, _source_row, ${keys.join(', ')} FROM (${typedSelect(d, config, d.table(raw.schema, raw.name), 0, consumed)}) AS t`;
  const quarantine = `SELECT DISTINCT batch_id, source_file, source_row FROM ${qualified(d, 'quality.quarantine')}
      WHERE layer = 'staging' AND source = ${d.stringLiteral(source)} AND stream = ${d.stringLiteral(stream)}`;
  const staged = `SELECT r._batch_id AS batch_id, COUNT(*) AS raw_rows,
      SUM(CASE WHEN s._batch_id IS NOT NULL THEN 1 ELSE 0 END) AS staged,
      SUM(CASE WHEN s._batch_id IS NULL AND qr.batch_id IS NOT NULL THEN 1 ELSE 0 END) AS quarantined,
      SUM(CASE WHEN s._batch_id IS NULL AND qr.batch_id IS NULL AND k.${keys[0]} IS NOT NULL THEN 1 ELSE 0 END) AS superseded,
      0 AS pending
    FROM (${typed}) AS r
    LEFT JOIN ${staging} AS s ON ${row('s', 'r')}
    LEFT JOIN (${quarantine}) AS qr ON ${row('qr', 'r', 'batch_id', 'source_file', 'source_row')}
    LEFT JOIN (SELECT DISTINCT ${keys.join(', ')} FROM ${staging}) AS k ON ${sameKey}
    GROUP BY r._batch_id`;
  const pending = `SELECT _batch_id AS batch_id, COUNT(*) AS raw_rows, 0 AS staged, 0 AS quarantined, 0 AS superseded, COUNT(*) AS pending
    FROM ${d.table(raw.schema, raw.name)} WHERE _batch_id > ${consumed} GROUP BY _batch_id`;
  return consumed > 0 ? `${staged}\nUNION ALL\n${pending}` : pending;
}

/** Per stream: the batches added up. */
export function reconciliationTotals(rows: BatchReconciliation[]): Omit<BatchReconciliation, 'batch_id'>[] {
  const totals = new Map<string, Omit<BatchReconciliation, 'batch_id'>>();
  for (const { batch_id: _, ...r } of rows) {
    const key = `${r.source}.${r.stream}`;
    const t = totals.get(key);
    if (!t) totals.set(key, { ...r });
    else for (const k of ['raw', 'staged', 'quarantined', 'superseded', 'pending', 'unaccounted'] as const) t[k] += r[k];
  }
  return [...totals.values()];
}
