// The batch protocol that makes landing idempotent without a transaction spanning tables.
// A batch is the new files of one stream landed by one run (one statement, read in parallel):
//  1. register it (status 'loading'); an unfinished batch of the stream from a crashed run is
//     re-used: same id, its partial rows deleted first;
//  2. append the files' rows to raw under the batch id;
//  3. record its files with their row counts, then mark it 'loaded' with the largest watermark
//     it landed (a file counts as loaded only through a loaded batch);
//  4. advance the stream's watermark from its loaded batches (watermarks.ts).
// A crash between any two steps leaves a state the next run repairs by repeating from step 1,
// and staging never reads past an unfinished batch (stageableUpTo).
import type { Warehouse } from '../warehouse/warehouse.js';
import { qualified } from './meta-tables.js';
import { insertRows } from './sql-values.js';

export interface BatchFile {
  sourceFile: string;
  sha256: string;
  bytes: number;
  mtime: string;
}

export interface StreamBatches {
  loadedShas: Set<string>;
  /** `path|bytes|mtime` of loaded files: an identical stat means the file was not touched. */
  loadedStats: Set<string>;
  /** Batches a crashed run left in status 'loading', lowest first. */
  unfinished: number[];
}

export function fileStatKey(sourceFile: string, bytes: number, mtime: string): string {
  return `${sourceFile}|${bytes}|${mtime}`;
}

export async function streamBatches(wh: Warehouse, source: string, stream: string): Promise<StreamBatches> {
  const d = wh.dialect;
  const where = `b.source = ${d.stringLiteral(source)} AND b.stream = ${d.stringLiteral(stream)}`;
  const loaded = await wh.query(
    `SELECT f.source_file, f.file_sha256, f.file_bytes, f.file_mtime FROM ${qualified(d, 'meta.batches')} AS b ` +
      `JOIN ${qualified(d, 'meta.batch_files')} AS f ON f.batch_id = b.batch_id WHERE ${where} AND b.status = 'loaded'`,
  );
  const unfinished = await wh.query(`SELECT b.batch_id FROM ${qualified(d, 'meta.batches')} AS b WHERE ${where} AND b.status = 'loading' ORDER BY b.batch_id`);
  return {
    loadedShas: new Set(loaded.map((r) => String(r['file_sha256']))),
    loadedStats: new Set(loaded.map((r) => fileStatKey(String(r['source_file']), Number(r['file_bytes']), String(r['file_mtime'])))),
    unfinished: unfinished.map((r) => Number(r['batch_id'])),
  };
}

export interface NewBatch {
  source: string;
  stream: string;
  runId: string;
  files: number;
  watermarkAfter: string | null;
  startedAt: string;
}

/** Registers a batch; with `reuse`, takes over that unfinished batch's id. */
export async function registerBatch(wh: Warehouse, batch: NewBatch, reuse?: number): Promise<number> {
  const d = wh.dialect;
  let batchId = reuse;
  if (batchId === undefined) {
    const [row] = await wh.query(`SELECT COALESCE(MAX(batch_id), 0) + 1 AS next_id FROM ${qualified(d, 'meta.batches')}`);
    batchId = Number(row?.['next_id'] ?? 1);
  }
  await forgetBatch(wh, batchId);
  await insertRows(
    wh,
    'meta.batches',
    ['batch_id', 'run_id', 'source', 'stream', 'files', 'status', 'watermark_after', 'started_at'],
    [[batchId, batch.runId, batch.source, batch.stream, batch.files, 'loading', batch.watermarkAfter, batch.startedAt]],
  );
  return batchId;
}

async function forgetBatch(wh: Warehouse, batchId: number): Promise<void> {
  const d = wh.dialect;
  await wh.execute(`DELETE FROM ${qualified(d, 'meta.batch_files')} WHERE batch_id = ${batchId}`);
  await wh.execute(`DELETE FROM ${qualified(d, 'meta.batches')} WHERE batch_id = ${batchId}`);
}

/** An unfinished batch that is not re-used: its rows go, its record stays as 'abandoned'. */
export async function abandonBatch(wh: Warehouse, batchId: number, rawTable: string): Promise<void> {
  const d = wh.dialect;
  await wh.execute(`DELETE FROM ${rawTable} WHERE _batch_id = ${batchId}`);
  await wh.execute(`UPDATE ${qualified(d, 'meta.batches')} SET status = 'abandoned' WHERE batch_id = ${batchId}`);
}

export interface LandedFile extends BatchFile {
  rows: number;
  rejected: number;
}

export interface LandedCounts {
  rows: number;
  rejected: number;
  maxWatermark: string | null;
  files: LandedFile[];
}

export async function markLoaded(wh: Warehouse, batch: { batchId: number; source: string; stream: string }, counts: LandedCounts, finishedAt: string): Promise<void> {
  const d = wh.dialect;
  const { batchId, source, stream } = batch;
  await insertRows(
    wh,
    'meta.batch_files',
    ['batch_id', 'source', 'stream', 'source_file', 'file_sha256', 'file_bytes', 'file_mtime', 'rows_landed', 'rows_rejected'],
    counts.files.map((f) => [batchId, source, stream, f.sourceFile, f.sha256, f.bytes, f.mtime, f.rows, f.rejected]),
  );
  await wh.execute(
    `UPDATE ${qualified(d, 'meta.batches')} SET status = 'loaded', rows_landed = ${counts.rows}, rows_rejected = ${counts.rejected}, ` +
      `max_watermark = ${d.literal(counts.maxWatermark)}, finished_at = ${d.stringLiteral(finishedAt)} WHERE batch_id = ${batchId}`,
  );
}

/**
 * The upper bound of batches staging may read: every batch up to it has finished (loaded or
 * abandoned). A batch still 'loading' may hold part of a file, so nothing from it onwards is read.
 */
export async function stageableUpTo(wh: Warehouse): Promise<number> {
  const d = wh.dialect;
  const [row] = await wh.query(
    `SELECT COALESCE(MIN(CASE WHEN status = 'loading' THEN batch_id END) - 1, MAX(batch_id), 0) AS up_to FROM ${qualified(d, 'meta.batches')}`,
  );
  return Number(row?.['up_to'] ?? 0);
}
