// SQL for reading export files with DuckDB's CSV/JSON readers. DuckDB is the file parser on
// every engine (the DuckDB warehouse runs it in place; others run it in an embedded instance
// and bulk-copy the result), so a file means the same rows everywhere.
// Docs: https://duckdb.org/docs/data/csv/overview , https://duckdb.org/docs/data/csv/reading_faulty_csv_files
import type { CsvOptions } from '../../config/sources-schema.js';
import { DuckDbDialect } from '../../dialect/duckdb/duckdb-dialect.js';
import type { FileLanding } from '../warehouse.js';

const d = new DuckDbDialect();
const lit = (s: string) => d.stringLiteral(s);

export function csvReaderArgs(csv: CsvOptions): string {
  const args = [
    'all_varchar = true',
    `header = ${csv.header}`,
    `delim = ${lit(csv.delimiter)}`,
    `quote = ${lit(csv.quote)}`,
    `escape = ${lit(csv.escape)}`,
    `encoding = ${lit(csv.encoding)}`,
    `nullstr = [${csv.null_values.map(lit).join(', ')}]`,
    'auto_detect = false',
    'strict_mode = true', // a ragged row or stray quote is rejected with its line, never silently cut
    'null_padding = false',
    'parallel = true',
  ];
  return args.join(', ');
}

/** Column DuckDB adds with each row's file path when several files are read at once. */
const pathColumn = 'cpm_source_path';

/** A table function call that reads files, all columns as text, with each row's file path. */
export function fileReader(files: string[], format: 'csv' | 'jsonl', csv: CsvOptions, columns: string[], extra = ''): string {
  const list = `[${files.map(lit).join(', ')}]`;
  const cols = `columns = {${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  const path = `filename = ${lit(pathColumn)}`;
  if (format === 'jsonl') return `read_json(${list}, format = 'newline_delimited', records = true, ${cols}, ${path}${extra})`;
  return `read_csv(${list}, ${csvReaderArgs(csv)}, ${cols}, ${path}${extra})`;
}

/** The keys of the first lines of a JSON-lines file, in their order. */
export function describeJsonSql(file: string): string {
  return `DESCRIBE SELECT * FROM read_json_auto(${lit(file)}, format = 'newline_delimited')`;
}

/** Every key of every line: keys can first appear late in a file, and raw keeps them all. */
export function allJsonKeysSql(file: string): string {
  return `SELECT DISTINCT UNNEST(json_keys(json)) AS key FROM read_ndjson_objects(${lit(file)}) ORDER BY key`;
}

function watermarkFilter(spec: FileLanding): string {
  const w = spec.watermark;
  if (!w || (w.after === null && w.upTo === null)) return 'TRUE';
  const parsed = d.tryParseTimestamp(`TRIM(p.${d.quoteIdent(w.column)})`, w.format);
  const bounds = [
    w.after === null ? null : `${parsed} > CAST(${lit(w.after)} AS TIMESTAMP)`,
    w.upTo === null ? null : `${parsed} <= CAST(${lit(w.upTo)} AS TIMESTAMP)`,
  ].filter(Boolean);
  // A row whose watermark does not parse is landed anyway: staging quarantines it with a reason.
  return `(${parsed} IS NULL OR (${bounds.join(' AND ')}))`;
}

/** The session-private table files are parsed into before landing. */
export const parsedTable = 'cpm_parsed_files';

/**
 * Parses the files into a temporary table, in parallel. DuckDB keeps insertion order, so a row's
 * rowid minus its file's first rowid is its position in the file; that is much faster than
 * WITH ORDINALITY, which makes the reader run on one thread.
 */
export function parseFilesSql(spec: FileLanding, rejectsTable?: string): string {
  const rejects = rejectsTable && spec.format === 'csv' ? `, store_rejects = true, rejects_table = ${lit(rejectsTable)}, rejects_scan = ${lit(`${rejectsTable}_scan`)}` : '';
  const reader = fileReader(spec.files.map((f) => f.path), spec.format, spec.csv, spec.fileColumns, rejects);
  return `CREATE OR REPLACE TEMPORARY TABLE ${parsedTable} AS SELECT * FROM ${reader}`;
}

/**
 * The rows to land from the parsed files, in raw-table column order: source columns as text
 * (NULL where the files lack a column), then the lineage columns.
 */
export function landingSelect(spec: FileLanding): string {
  const q = (c: string) => d.quoteIdent(c);
  const present = new Set(spec.fileColumns);
  const sourceCols = spec.columns.map((c) => (present.has(c) ? `CAST(p.${q(c)} AS VARCHAR) AS ${q(c)}` : `CAST(NULL AS VARCHAR) AS ${q(c)}`));
  // Hash of the source values only, so identical records hash alike whatever batch they came in.
  // Unit (0x1F) separates values and record (0x1E) stands for NULL: neither occurs in text exports.
  const values = spec.fileColumns.map((c) => `COALESCE(CAST(p.${q(c)} AS VARCHAR), chr(30))`);
  const hash = `md5(concat_ws(chr(31), ${values.join(', ')}))`;
  const names = spec.files.map((f) => `(${lit(f.path)}, ${lit(f.sourceFile)})`).join(', ');
  return (
    `SELECT ${sourceCols.join(', ')},\n` +
    `  CAST(${spec.batchId} AS BIGINT) AS _batch_id, CAST(${lit(spec.loadedAt)} AS TIMESTAMP) AS _loaded_at,\n` +
    `  n.source_file AS _source_file, CAST(p.cpm_rowid - o.first_rowid + 1 AS BIGINT) AS _source_row, ${hash} AS _record_hash\n` +
    `FROM (SELECT rowid AS cpm_rowid, * FROM ${parsedTable}) AS p\n` +
    `JOIN (SELECT ${pathColumn}, MIN(rowid) AS first_rowid FROM ${parsedTable} GROUP BY ${pathColumn}) AS o ON o.${pathColumn} = p.${pathColumn}\n` +
    `JOIN (VALUES ${names}) AS n (path, source_file) ON n.path = p.${pathColumn}\n` +
    `WHERE ${watermarkFilter(spec)}`
  );
}

export function rejectsSql(rejectsTable: string): string {
  return (
    `SELECT s.file_path AS path, e.line, e.error_type || ': ' || e.error_message AS error, e.csv_line AS text ` +
    `FROM ${d.quoteIdent(rejectsTable)} AS e JOIN ${d.quoteIdent(`${rejectsTable}_scan`)} AS s ON s.scan_id = e.scan_id AND s.file_id = e.file_id ORDER BY s.file_path, e.line`
  );
}
