// quality.quarantine: rows that could not be parsed (layer 'raw') or typed (layer 'staging'),
// with the reason. Raw keeps every landed row; this table says which ones staging left out.
import type { RejectedLine, Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';
import { nowText } from './run-context.js';
import { insertRows } from './sql-values.js';

export interface BatchOrigin {
  source: string;
  stream: string;
  batchId: number;
}

/** Lines the file reader rejected. Idempotent per batch: a retry replaces the earlier rows. */
export async function quarantineRejectedLines(wh: Warehouse, origin: BatchOrigin, lines: RejectedLine[]): Promise<void> {
  const d = wh.dialect;
  await wh.execute(`DELETE FROM ${qualified(d, 'quality.quarantine')} WHERE layer = 'raw' AND batch_id = ${origin.batchId}`);
  if (!lines.length) return;
  const at = nowText();
  await insertRows(
    wh,
    'quality.quarantine',
    ['layer', 'source', 'stream', 'batch_id', 'source_file', 'source_row', 'reason', 'record', 'quarantined_at'],
    // NUL cannot be stored in a text column on PostgreSQL; shown escaped instead.
    lines.map((l) => ['raw', origin.source, origin.stream, origin.batchId, l.sourceFile, l.line, l.error, l.text.replaceAll('\u0000', '\\0'), at]),
  );
}
