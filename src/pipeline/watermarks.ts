// High watermarks per source stream (blueprint 6.2). The value only ever moves after the data
// it covers is loaded: it is derived from the stream's loaded batches, never set on its own.
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';
import { timestampLiteral } from './sql-values.js';

export async function readWatermark(wh: Warehouse, source: string, stream: string): Promise<string | null> {
  const d = wh.dialect;
  const [row] = await wh.query(
    `SELECT last_value FROM ${qualified(d, 'meta.watermarks')} WHERE source = ${d.stringLiteral(source)} AND stream = ${d.stringLiteral(stream)}`,
  );
  const v = row?.['last_value'];
  return v === undefined || v === null ? null : String(v);
}

/** Sets the watermark to the largest watermark any loaded batch of the stream landed. */
export async function advanceWatermark(wh: Warehouse, source: string, stream: string, column: string, updatedAt: string): Promise<string | null> {
  const d = wh.dialect;
  const where = `source = ${d.stringLiteral(source)} AND stream = ${d.stringLiteral(stream)}`;
  const [row] = await wh.query(`SELECT MAX(max_watermark) AS v FROM ${qualified(d, 'meta.batches')} WHERE ${where} AND status = 'loaded'`);
  const value = row?.['v'] === undefined || row['v'] === null ? null : String(row['v']);
  if (value === null) return null;
  // One MERGE: a crash can never leave the stream without its watermark.
  const lit = (v: string) => d.stringLiteral(v);
  const source_ = `SELECT ${lit(source)} AS source, ${lit(stream)} AS stream, ${lit(column)} AS watermark_column, ${lit(value)} AS last_value, ${timestampLiteral(d, updatedAt)} AS updated_at`;
  await wh.execute(
    d.merge({ target: qualified(d, 'meta.watermarks'), source: source_, keys: ['source', 'stream'], columns: ['source', 'stream', 'watermark_column', 'last_value', 'updated_at'] }),
  );
  return value;
}
