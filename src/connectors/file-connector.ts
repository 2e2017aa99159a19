// File exports (CSV with any delimiter/quoting/encoding, and JSON lines) landing in raw.
// New files are found by content hash, so a file loaded once is never loaded again, whatever
// its name; rows at or below the stream's watermark are skipped (delta extract).
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { relative } from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError } from '../errors/cpm-error.js';
import { fileStatKey, markLoaded, registerBatch, streamBatches } from '../pipeline/batches.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText, type RunContext } from '../pipeline/run-context.js';
import type { StepMetrics } from '../pipeline/run-log.js';
import { advanceWatermark, readWatermark } from '../pipeline/watermarks.js';
import { quarantineRejectedLines } from '../pipeline/quarantine.js';
import { ensureRawTable, rawTableName } from '../pipeline/raw-tables.js';
import { Connector, type LoadReport, type StreamTarget } from './connector.js';

export interface ExportFile {
  path: string;
  relPath: string;
  sha256: string;
  bytes: number;
  mtime: string;
  columns: string[];
  /** Batch id of an unfinished earlier attempt at this file, reused so the retry replaces it. */
  retryOf?: number;
}

export interface FileExtract {
  filesSeen: number;
  newFiles: ExportFile[];
  watermarkAfter: string | null;
}

interface WatermarkSpec {
  target: string;
  sourceColumn: string;
  format: string;
}

export interface FilePlan extends FileExtract {
  rawColumns: string[];
  watermark?: WatermarkSpec;
}

export class FileConnector extends Connector<FileExtract, FilePlan> {
  constructor(
    ctx: RunContext,
    target: StreamTarget,
    private readonly options: { fullRefresh: boolean },
  ) {
    super(ctx, target);
  }

  protected async extract(): Promise<FileExtract> {
    const { project, wh } = this.ctx;
    const { config } = this.target;
    const paths = (await glob(config.path, { cwd: project.dataDir, absolute: true, onlyFiles: true })).sort();
    const batches = await streamBatches(wh, this.target.source, this.target.stream);
    const newFiles: ExportFile[] = [];
    for (const path of paths) {
      const relPath = relative(project.dataDir, path);
      const stat = statSync(path);
      const mtime = stat.mtime.toISOString();
      const fresh = this.options.fullRefresh;
      // Same path, size and modification time as a loaded file: skip without reading it.
      if (!fresh && batches.loadedStats.has(fileStatKey(relPath, stat.size, mtime))) continue;
      const sha256 = await fileSha256(path);
      if (!fresh && batches.loadedShas.has(sha256)) continue;
      const columns = stat.size === 0 ? [] : await wh.fileColumns(path, config.format, config.csv);
      const retryOf = fresh ? undefined : batches.unfinished.get(sha256);
      newFiles.push({ path, relPath, sha256, bytes: stat.size, mtime, columns, retryOf });
      this.ctx.progress(`scan ${this.name}`, newFiles.length, paths.length);
    }
    const watermarkAfter = config.watermark && !this.options.fullRefresh ? await readWatermark(wh, this.target.source, this.target.stream) : null;
    return { filesSeen: paths.length, newFiles, watermarkAfter };
  }

  protected async validate(extracted: FileExtract): Promise<void> {
    const problems: string[] = [];
    for (const file of extracted.newFiles) {
      if (file.bytes === 0) continue;
      const have = new Set(file.columns);
      for (const c of this.target.config.columns) {
        if (!have.has(c.source)) {
          problems.push(
            `config/sources.yaml: ${this.name}: column "${c.source}" (mapped to ${c.target}) is not in ${file.relPath}; the file has: ${file.columns.join(', ')}`,
          );
        }
      }
    }
    if (problems.length) throw new ConfigError(problems, 'fix the `source:` name in config/sources.yaml, or check that the export is the right file');
  }

  protected transform(extracted: FileExtract): FilePlan {
    const { config } = this.target;
    const mapped = config.columns.map((c) => c.source);
    const fromFiles = extracted.newFiles.flatMap((f) => f.columns);
    const rawColumns = [...new Set([...mapped, ...fromFiles])];
    const wm = config.watermark ? config.columns.find((c) => c.target === config.watermark) : undefined;
    const watermark = wm?.format ? { target: wm.target, sourceColumn: wm.source, format: wm.format } : undefined;
    return { ...extracted, rawColumns, watermark };
  }

  protected async load(plan: FilePlan): Promise<LoadReport> {
    const { wh, runId } = this.ctx;
    const { source, stream } = this.target;
    const table = rawTableName(source, stream);
    const columns = await ensureRawTable(wh, table, plan.rawColumns);
    const report: LoadReport = { source, stream, filesSeen: plan.filesSeen, filesLoaded: 0, rows: 0, rejected: 0, bytes: 0, watermark: plan.watermarkAfter };
    for (const file of plan.newFiles) {
      const key = { source, stream, sourceFile: file.relPath, fileSha256: file.sha256, fileBytes: file.bytes, fileMtime: file.mtime };
      const batchId = await registerBatch(wh, key, runId, plan.watermarkAfter, nowText(), file.retryOf);
      if (file.retryOf !== undefined) await wh.execute(`DELETE FROM ${qualified(wh.dialect, `raw.${table.name}`)} WHERE _batch_id = ${batchId}`);
      const landed =
        file.bytes === 0
          ? { rows: 0, rejected: [] }
          : await wh.landFile({
              table,
              file: file.path,
              sourceFile: file.relPath,
              format: this.target.config.format,
              csv: this.target.config.csv,
              columns,
              batchId,
              loadedAt: nowText(),
              watermark: plan.watermark && { column: plan.watermark.sourceColumn, format: plan.watermark.format, after: plan.watermarkAfter, upTo: null },
            });
      await quarantineRejectedLines(wh, { source, stream, batchId, sourceFile: file.relPath }, landed.rejected);
      const maxWatermark = plan.watermark ? await this.batchMaxWatermark(batchId, plan.watermark) : null;
      await markLoaded(wh, batchId, landed.rows, landed.rejected.length, maxWatermark, nowText());
      if (landed.rejected.length) this.ctx.log.warn(`${file.relPath}: ${landed.rejected.length} line(s) could not be parsed and were quarantined`, { batch_id: batchId });
      report.filesLoaded++;
      report.rows += landed.rows;
      report.rejected += landed.rejected.length;
      report.bytes += file.bytes;
    }
    if (plan.watermark && report.filesLoaded) {
      report.watermark = await advanceWatermark(wh, source, stream, plan.watermark.target, nowText());
    }
    return report;
  }

  /** The largest watermark a batch landed, as 'YYYY-MM-DD HH:MM:SS' text. */
  private async batchMaxWatermark(batchId: number, w: WatermarkSpec): Promise<string | null> {
    const { wh } = this.ctx;
    const d = wh.dialect;
    const parsed = d.tryParseTimestamp(`TRIM(${d.quoteIdent(w.sourceColumn)})`, w.format);
    const table = rawTableName(this.target.source, this.target.stream);
    const [row] = await wh.query(`SELECT ${d.timestampToText(`MAX(${parsed})`)} AS v FROM ${d.table(table.schema, table.name)} WHERE _batch_id = ${batchId}`);
    const v = row?.['v'];
    return v === undefined || v === null ? null : String(v);
  }

  protected measure(value: FileExtract | LoadReport): StepMetrics {
    if ('newFiles' in value) return { rows: value.newFiles.length, bytes: value.newFiles.reduce((n, f) => n + f.bytes, 0), detail: `${value.filesSeen} file(s) seen` };
    return { rows: value.rows, bytes: value.bytes, detail: `${value.filesLoaded} file(s) loaded, ${value.rejected} line(s) rejected` };
  }
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
