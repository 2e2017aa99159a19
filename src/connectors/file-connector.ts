// File exports (CSV with any delimiter/quoting/encoding, and JSON lines) landing in raw.
// New files are found by content hash, so a file loaded once is never loaded again, whatever
// its name; rows at or below the stream's watermark are skipped (delta extract). The new files
// of a stream land together as one batch (files with another header as another batch).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError } from '../errors/cpm-error.js';
import { abandonBatch, fileStatKey, type LandedCounts, markLoaded, registerBatch, streamBatches } from '../pipeline/batches.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText, type RunContext } from '../pipeline/run-context.js';
import type { StepMetrics } from '../pipeline/run-log.js';
import { faultPoint } from '../pipeline/fault-injection.js';
import { advanceWatermark, readWatermark } from '../pipeline/watermarks.js';
import { quarantineRejectedLines } from '../pipeline/quarantine.js';
import { ensureRawTable, lineageColumns, rawTableName } from '../pipeline/raw-tables.js';
import { NulScan } from '../warehouse/duckdb/record-index.js';
import type { RejectedLine } from '../warehouse/warehouse.js';
import { Connector, type LoadReport, type StreamTarget } from './connector.js';
import { checkEncoding, checkHeader, onlyWhiteSpace } from './export-file-check.js';
import { InputFileError } from './input-file-error.js';

export interface ExportFile {
  path: string;
  relPath: string;
  sha256: string;
  bytes: number;
  mtime: string;
  columns: string[];
  /** No header and no rows: 0 bytes, or only white space. Recorded as loaded, nothing lands. */
  empty: boolean;
  /** Found on the read that hashed the file, so landing need not read it again for that. */
  mayHoldNul: boolean;
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
    if (!paths.length) this.noFiles();
    const batches = await streamBatches(wh, this.target.source, this.target.stream);
    const newFiles: ExportFile[] = [];
    for (const path of paths) {
      const relPath = relative(project.dataDir, path);
      const stat = statSync(path);
      const mtime = stat.mtime.toISOString();
      const fresh = this.options.fullRefresh;
      // Same path, size and modification time as a loaded file: skip without reading it.
      if (!fresh && batches.loadedStats.has(fileStatKey(relPath, stat.size, mtime))) continue;
      const { sha256, mayHoldNul } = await scanFile(path, config.format);
      // Loaded before, or a copy of a file already taken in this run.
      if ((!fresh && batches.loadedShas.has(sha256)) || newFiles.some((f) => f.sha256 === sha256)) continue;
      const empty = stat.size === 0 || (await onlyWhiteSpace(path));
      if (empty && stat.size > 0) this.ctx.log.warn(`${this.name}: ${relPath} holds only white space: no header and no rows to land`);
      const columns = empty ? [] : await this.readHeader(path, relPath);
      newFiles.push({ path, relPath, sha256, bytes: stat.size, mtime, columns, empty, mayHoldNul });
    }
    const watermarkAfter = config.watermark && !this.options.fullRefresh ? await readWatermark(wh, this.target.source, this.target.stream) : null;
    return { filesSeen: paths.length, newFiles, watermarkAfter };
  }

  /**
   * No file matches the stream's path. An existing folder with no export in it yet is normal (a
   * warning); a folder that does not exist is a wrong path in config/sources.yaml (an error).
   */
  private noFiles(): void {
    const { project } = this.ctx;
    const { path } = this.target.config;
    // The folder part of the pattern: the segments before the first one with a glob character.
    const segments = path.split('/');
    const firstGlob = segments.findIndex((s) => /[*?[\]{}()!]/.test(s));
    const folder = join(project.dataDir, ...segments.slice(0, firstGlob === -1 ? -1 : firstGlob));
    if (!existsSync(folder)) {
      throw new ConfigError(
        [`config/sources.yaml: sources.${this.target.source}.streams.${this.target.stream}.path: "${path}" matches no file, and the folder ${relative(project.root, folder) || '.'} does not exist`],
        `fix the path (it is relative to the data directory, ${relative(project.root, project.dataDir) || '.'}), or create the folder the exports will be written to`,
      );
    }
    this.ctx.log.warn(`${this.name}: no file matches ${path} under ${project.dataDir}`);
  }

  /** The file's column names, after the checks that make a whole file unreadable. */
  private async readHeader(path: string, relPath: string): Promise<string[]> {
    const { format, csv } = this.target.config;
    checkEncoding(path, relPath, format, format === 'jsonl' ? 'utf-8' : csv.encoding);
    const columns = await this.ctx.wh.fileColumns(path, format, csv);
    if (format === 'csv' && columns.every((c) => c === '')) {
      throw new InputFileError(relPath, 1, 'the first line is blank, so the file has no header', 'remove the blank line(s) above the header of the export');
    }
    checkHeader(relPath, format, columns);
    return columns;
  }

  protected async validate(extracted: FileExtract): Promise<void> {
    const problems: string[] = [];
    for (const file of extracted.newFiles) {
      // A JSON-lines file with no object at all has no keys to check: its lines are quarantined.
      if (file.empty || !file.columns.length) continue;
      const max = this.ctx.wh.dialect.capabilities.maxTableColumns;
      if (max !== undefined && file.columns.length + lineageColumns.length > max) {
        throw new InputFileError(
          file.relPath,
          1,
          `the file has ${file.columns.length} columns; a ${this.ctx.wh.dialect.name} table holds at most ${max}, ${lineageColumns.length} of them raw's lineage columns`,
          'split the export into files of fewer columns (one stream each), or land it on an engine without that limit (DuckDB, Snowflake, Databricks)',
        );
      }
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
    const { source, stream, config } = this.target;
    const table = rawTableName(source, stream);
    const columns = await ensureRawTable(wh, table, plan.rawColumns);
    const report: LoadReport = { source, stream, filesSeen: plan.filesSeen, filesLoaded: 0, rows: 0, rejected: 0, bytes: 0, watermark: plan.watermarkAfter };
    // A crashed run's batch (or this load's own, when the load is retried) is taken over by the
    // first new batch (its files are new again), so the ids and rows end up as an uninterrupted
    // run would have left them. Read here, not in extract, so a retry sees its own attempt.
    const [reuse, ...abandon] = (await streamBatches(wh, source, stream)).unfinished;
    for (const id of abandon) await abandonBatch(wh, id, qualified(wh.dialect, `raw.${table.name}`));
    for (const [i, group] of groupByHeader(plan.newFiles).entries()) {
      const batchId = await registerBatch(
        wh,
        {
          source,
          stream,
          runId,
          files: group.length,
          watermarkAfter: plan.watermarkAfter,
          startedAt: nowText(),
        },
        i === 0 ? reuse : undefined,
      );
      if (i === 0 && reuse !== undefined) await wh.execute(`DELETE FROM ${qualified(wh.dialect, `raw.${table.name}`)} WHERE _batch_id = ${batchId}`);
      const landable = group.filter((f) => !f.empty);
      const landed = landable.length
        ? await wh.landFiles({
            table,
            files: landable.map((f) => ({ path: f.path, sourceFile: f.relPath, mayHoldNul: f.mayHoldNul })),
            format: config.format,
            csv: config.csv,
            fileColumns: landable[0]!.columns,
            columns,
            batchId,
            loadedAt: nowText(),
            watermark: plan.watermark && { column: plan.watermark.sourceColumn, format: plan.watermark.format, after: plan.watermarkAfter, upTo: null },
          })
        : { rows: 0, rejected: [] };
      await quarantineRejectedLines(wh, { source, stream, batchId }, landed.rejected);
      const counts = await this.landedCounts(batchId, group, landed.rejected, plan.watermark);
      await markLoaded(wh, { batchId, source, stream }, counts, nowText());
      if (landed.rejected.length) this.ctx.log.warn(`${this.name}: ${landed.rejected.length} line(s) could not be parsed and were quarantined`, { batch_id: batchId });
      report.filesLoaded += group.length;
      report.rows += landed.rows;
      report.rejected += landed.rejected.length;
      report.bytes += group.reduce((n, f) => n + f.bytes, 0);
    }
    // Also after a run that crashed between landing and this step, with no new files since.
    faultPoint('between-load-and-watermark'); // crash tests kill here (no-op otherwise)
    if (plan.watermark) report.watermark = await advanceWatermark(wh, source, stream, plan.watermark.target, nowText());
    return report;
  }

  /** Rows per file and the largest watermark the batch landed, from raw itself. */
  private async landedCounts(batchId: number, files: ExportFile[], rejected: RejectedLine[], w?: WatermarkSpec): Promise<LandedCounts> {
    const { wh } = this.ctx;
    const d = wh.dialect;
    const table = rawTableName(this.target.source, this.target.stream);
    const max = w ? d.timestampToText(`MAX(${d.tryParseTimestamp(`TRIM(${d.quoteIdent(w.sourceColumn)})`, w.format)})`) : 'NULL';
    const rows = await wh.query(`SELECT _source_file AS f, COUNT(*) AS n, ${max} AS w FROM ${d.table(table.schema, table.name)} WHERE _batch_id = ${batchId} GROUP BY _source_file`);
    const landed = new Map(rows.map((r) => [String(r['f']), Number(r['n'])]));
    const watermarks = rows.map((r) => r['w']).filter((v): v is string => typeof v === 'string');
    return {
      rows: rows.reduce((n, r) => n + Number(r['n']), 0),
      rejected: rejected.length,
      maxWatermark: watermarks.length ? watermarks.sort().at(-1)! : null,
      files: files.map((f) => ({
        sourceFile: f.relPath,
        sha256: f.sha256,
        bytes: f.bytes,
        mtime: f.mtime,
        rows: landed.get(f.relPath) ?? 0,
        rejected: rejected.filter((r) => r.sourceFile === f.relPath).length,
      })),
    };
  }

  protected measure(value: FileExtract | LoadReport): StepMetrics {
    if ('newFiles' in value) return { rows: value.newFiles.length, bytes: value.newFiles.reduce((n, f) => n + f.bytes, 0), detail: `${value.filesSeen} file(s) seen` };
    return { rows: value.rows, bytes: value.bytes, detail: `${value.filesLoaded} file(s) loaded, ${value.rejected} line(s) rejected` };
  }
}

/** Files with the same header land together; a file with another header makes its own batch. */
function groupByHeader(files: ExportFile[]): ExportFile[][] {
  const groups = new Map<string, ExportFile[]>();
  for (const f of files) {
    const key = JSON.stringify(f.columns);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

/** The file's SHA-256 and whether it may hold a NUL character, in one read. */
async function scanFile(path: string, format: 'csv' | 'jsonl'): Promise<{ sha256: string; mayHoldNul: boolean }> {
  const hash = createHash('sha256');
  const nul = new NulScan(format);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    nul.update(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), mayHoldNul: nul.found };
}
