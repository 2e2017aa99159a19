// The batch protocol that makes landing idempotent without a transaction spanning tables:
//  1. register the batch (status 'loading'), reusing the id of an unfinished one for the same file;
//  2. delete any rows a crashed attempt left under that id, then append the file's rows;
//  3. mark the batch 'loaded' with its row count and the largest watermark it landed;
//  4. advance the stream's watermark from its loaded batches (watermarks.ts).
// A crash between any two steps leaves a state the next run repairs by repeating from step 1.
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';
import { insertRows } from './sql-values.js';

export interface BatchKey {
  source: string;
  stream: string;
  sourceFile: string;
  fileSha256: string;
  fileBytes: number;
  fileMtime: string;
}

export interface StreamBatches {
  loadedShas: Set<string>;
  /** `path|bytes|mtime` of loaded files: an identical stat means the file was not touched. */
  loadedStats: Set<string>;
  /** Unfinished batches by file hash: their id is reused on retry. */
  unfinished: Map<string, number>;
}

export async function streamBatches(wh: Warehouse, source: string, stream: string): Promise<StreamBatches> {
  const d = wh.dialect;
  const rows = await wh.query(
    `SELECT file_sha256, source_file, file_bytes, file_mtime, status, batch_id FROM ${qualified(d, 'meta.batches')} WHERE source = ${d.stringLiteral(source)} AND stream = ${d.stringLiteral(stream)}`,
  );
  const loadedShas = new Set<string>();
  const loadedStats = new Set<string>();
  const unfinished = new Map<string, number>();
  for (const r of rows) {
    if (r['status'] === 'loaded') {
      loadedShas.add(String(r['file_sha256']));
      loadedStats.add(fileStatKey(String(r['source_file']), Number(r['file_bytes']), String(r['file_mtime'])));
    } else unfinished.set(String(r['file_sha256']), Number(r['batch_id']));
  }
  for (const sha of loadedShas) unfinished.delete(sha);
  return { loadedShas, loadedStats, unfinished };
}

export function fileStatKey(sourceFile: string, bytes: number, mtime: string): string {
  return `${sourceFile}|${bytes}|${mtime}`;
}

export async function registerBatch(wh: Warehouse, key: BatchKey, runId: string, watermarkAfter: string | null, startedAt: string, reuse?: number): Promise<number> {
  const d = wh.dialect;
  if (reuse !== undefined) {
    await wh.execute(`UPDATE ${qualified(d, 'meta.batches')} SET run_id = ${d.stringLiteral(runId)}, started_at = ${d.stringLiteral(startedAt)} WHERE batch_id = ${reuse}`);
    return reuse;
  }
  const [row] = await wh.query(`SELECT COALESCE(MAX(batch_id), 0) + 1 AS next_id FROM ${qualified(d, 'meta.batches')}`);
  const batchId = Number(row?.['next_id'] ?? 1);
  await insertRows(
    wh,
    'meta.batches',
    ['batch_id', 'run_id', 'source', 'stream', 'source_file', 'file_sha256', 'file_bytes', 'file_mtime', 'status', 'watermark_after', 'started_at'],
    [[batchId, runId, key.source, key.stream, key.sourceFile, key.fileSha256, key.fileBytes, key.fileMtime, 'loading', watermarkAfter, startedAt]],
  );
  return batchId;
}

export async function markLoaded(wh: Warehouse, batchId: number, rows: number, rejected: number, maxWatermark: string | null, finishedAt: string): Promise<void> {
  const d = wh.dialect;
  await wh.execute(
    `UPDATE ${qualified(d, 'meta.batches')} SET status = 'loaded', rows_landed = ${rows}, rows_rejected = ${rejected}, ` +
      `max_watermark = ${d.literal(maxWatermark)}, finished_at = ${d.stringLiteral(finishedAt)} WHERE batch_id = ${batchId}`,
  );
}

/** The highest batch id that has finished loading: the upper bound for one stage run. */
export async function lastLoadedBatch(wh: Warehouse): Promise<number> {
  const d = wh.dialect;
  const [row] = await wh.query(`SELECT COALESCE(MAX(batch_id), 0) AS last_id FROM ${qualified(d, 'meta.batches')} WHERE status = 'loaded'`);
  return Number(row?.['last_id'] ?? 0);
}
