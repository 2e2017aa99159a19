// Parses a batch of export files for landing (file-scan.ts holds the SQL) and accounts for every
// record: each one either lands or comes back as a rejected line with its reason and its original
// text, under one numbering (its place among the file's records), so rows in a file = rows
// landed + rows rejected. The DuckDB warehouse inserts the result in place; the other engines'
// adapters copy it out as CSV (file-reader.ts), so hostile input means the same on every engine.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError } from '../../connectors/input-file-error.js';
import type { FileLanding, RejectedLine } from '../warehouse.js';
import type { DuckDbWarehouse } from './duckdb-warehouse.js';
import { gapsTable, landingSelect, parsedTable, parseFilesSql, readerRejectsSql, unlandableRowsSql } from './file-scan.js';
import { indexRecords, lineOfRecord, lineText, mayHoldNul, mixedLineBreaks, recordOfLine, type RecordIndex, withUniformLineBreaks } from './record-index.js';
import { readerReason } from './reject-reasons.js';

export interface ParsedLanding {
  /** The rows to land, in raw-table column order. */
  select: string;
  rejected: RejectedLine[];
  /** Drops the session tables and temporary files the parse made. */
  dispose(): Promise<void>;
}

export async function parseLanding(db: DuckDbWarehouse, spec: FileLanding): Promise<ParsedLanding> {
  const rejects = `cpm_rejects_${spec.batchId}`;
  const tempFiles: string[] = [];
  const dropRejects = () => db.execute(`DROP TABLE IF EXISTS ${db.dialect.quoteIdent(rejects)}; DROP TABLE IF EXISTS ${db.dialect.quoteIdent(`${rejects}_scan`)}`);
  const dispose = async () => {
    await db.execute(`DROP TABLE IF EXISTS ${parsedTable}; DROP TABLE IF EXISTS ${gapsTable}`);
    await dropRejects();
    for (const f of tempFiles) rmSync(f, { force: true });
  };
  try {
    const indexes = new Map<string, RecordIndex>();
    const original = new Map(spec.files.map((f) => [f.path, f]));
    const indexOf = (path: string) => {
      const file = original.get(path)!;
      let index = indexes.get(file.path);
      if (!index) indexes.set(file.path, (index = indexRecords(file.path, spec.format === 'csv' ? spec.csv : { quote: '', escape: '', encoding: spec.csv.encoding })));
      return index;
    };
    const read = await parseFiles(db, spec, rejects, dropRejects, indexOf, tempFiles, original);
    const sourceFile = (path: string) => original.get(path)?.sourceFile ?? path;
    const headerLines = spec.format === 'csv' && spec.csv.header ? 1 : 0;
    const blankIsRow = spec.format === 'jsonl' || spec.fileColumns.length === 1;
    const rejected: RejectedLine[] = [];

    // Records the reader rejected leave gaps in the parsed rows: number around them.
    const made = (await db.query(`SELECT 1 FROM duckdb_tables() WHERE table_name = ${db.dialect.stringLiteral(rejects)}`)).length > 0;
    const readerRows = made ? await db.query(readerRejectsSql(rejects)) : [];
    const gaps = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const r of readerRows) {
      const path = String(r['path']);
      const line = Number(r['line']);
      // The reader may report one record more than once (a short row: once per missing field).
      if (seen.has(`${path}\n${line}`)) continue;
      seen.add(`${path}\n${line}`);
      const index = indexOf(path);
      const row = recordOfLine(index, line, headerLines, blankIsRow);
      const places = gaps.get(path) ?? [];
      places.push(row);
      gaps.set(path, places);
      const reason = readerReason(String(r['kind']), String(r['message']), index.physical[line - 1] ?? line, spec.csv.encoding);
      rejected.push({ sourceFile: sourceFile(path), line: row, error: reason, text: lineText(index, line, spec.csv.encoding) });
    }
    if (gaps.size) await db.execute(gapsSql(gaps, (t) => db.dialect.stringLiteral(t)));

    // Parsed rows that cannot land: not one JSON object, or holding a NUL character.
    const nulFiles: string[] = [];
    for (const f of read.files) if (f.mayHoldNul ?? (await mayHoldNul(f.path, spec.format))) nulFiles.push(f.path);
    const unlandable = unlandableRowsSql(read, gaps.size > 0, nulFiles);
    for (const r of unlandable ? await db.query(unlandable) : []) {
      const path = String(r['path']);
      const row = Number(r['row']);
      const text = r['text'] === null ? lineText(indexOf(path), lineOfRecord(indexOf(path), row, headerLines, blankIsRow), spec.csv.encoding) : String(r['text']);
      const error =
        r['kind'] === 'JSON'
          ? 'MALFORMED JSON: the line is not one JSON object'
          : `NUL CHARACTER: ${String(r['fields'])} holds a NUL character (0x00), which a text column cannot store on PostgreSQL or Snowflake: remove it from the export`;
      rejected.push({ sourceFile: sourceFile(path), line: row, error, text });
    }
    rejected.sort((a, b) => a.sourceFile.localeCompare(b.sourceFile) || a.line - b.line);
    return { select: landingSelect(read, gaps.size > 0, nulFiles), rejected: rejected.map((l) => ({ ...l, text: l.text.replace(/^[\r\n]+|[\r\n]+$/g, '') })), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Per file, for the i-th rejected record at place g: g - i parsed rows come before it. */
function gapsSql(gaps: Map<string, number[]>, lit: (text: string) => string): string {
  const rows = [...gaps].flatMap(([path, places]) => [...places].sort((a, b) => a - b).map((g, i) => `(${lit(path)}, ${g - i - 1}, ${i + 1})`));
  // Rejected records next to each other share a parsed_before: keep the last of them.
  return (
    `CREATE OR REPLACE TEMP TABLE ${gapsTable} AS SELECT path, parsed_before, MAX(rejected_before) AS rejected_before ` +
    `FROM (VALUES ${rows.join(', ')}) AS g (path, parsed_before, rejected_before) GROUP BY path, parsed_before`
  );
}

/**
 * Runs the reader. DuckDB's CSV reader stops on a file whose line breaks are mixed (CRLF and LF
 * and CR): such a file is read from a copy with every break outside quoted fields made LF, which
 * changes no value. Any other input error names the file and stops the landing.
 */
async function parseFiles(
  db: DuckDbWarehouse,
  spec: FileLanding,
  rejects: string,
  dropRejects: () => Promise<void>,
  indexOf: (path: string) => RecordIndex,
  tempFiles: string[],
  original: Map<string, FileLanding['files'][number]>,
): Promise<FileLanding> {
  try {
    await db.execute(parseFilesSql(spec, rejects));
    return spec;
  } catch (error) {
    if (!isInputError(error)) throw error;
    const files = spec.files.map((f, i) => {
      const index = indexOf(f.path);
      if (!mixedLineBreaks(index)) return f;
      const copy = join(tmpdir(), `cpm-breaks-${process.pid}-${spec.batchId}-${i}`);
      writeFileSync(copy, withUniformLineBreaks(index));
      tempFiles.push(copy);
      original.set(copy, f);
      return { ...f, path: copy };
    });
    if (files.every((f, i) => f === spec.files[i])) throw readError(error, spec);
    const read = { ...spec, files };
    await dropRejects();
    try {
      await db.execute(parseFilesSql(read, rejects));
    } catch (again) {
      if (!isInputError(again)) throw again;
      throw readError(again, spec);
    }
    return read;
  }
}

function isInputError(error: unknown): boolean {
  return error instanceof Error && /^Invalid Input Error/.test(error.message);
}

/** DuckDB's first line, with the file it names given as the user knows it. */
function readError(error: unknown, spec: FileLanding): InputFileError {
  const message = error instanceof Error ? error.message : String(error);
  const path = /file = (.+)/.exec(message)?.[1]?.trim();
  const file = spec.files.find((f) => f.path === path) ?? (spec.files.length === 1 ? spec.files[0] : undefined);
  return new InputFileError(
    file?.sourceFile ?? spec.files.map((f) => f.sourceFile).join(', '),
    undefined,
    `the file cannot be read as ${spec.format === 'csv' ? `CSV (${spec.csv.encoding}, delimiter ${JSON.stringify(spec.csv.delimiter)})` : 'JSON lines'}: ${message.split('\n')[0]!.replace(/^Invalid Input Error: /, '')}`,
    'check the `csv:` options of the stream in config/sources.yaml against the export, or fix the file and run again',
  );
}
