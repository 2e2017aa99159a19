// SQL for reading export files with DuckDB. DuckDB is the file parser on every engine (the DuckDB
// warehouse runs it in place; others run it in an embedded instance and bulk-copy the result),
// so a file means the same rows everywhere.
// CSV: DuckDB's CSV reader in strict mode with store_rejects, so a ragged row or a stray quote is
// kept with its line and error instead of being cut or failing the file. A record may be up to
// maxRecordBytes long (DuckDB's default, 2 MB, would reject a long free-text field).
// JSON lines: each line is read as text and parsed with DuckDB's JSON functions, so one
// malformed line is quarantined with its text while the rest of the file lands (read_json would
// fail the whole file).
// Docs: https://duckdb.org/docs/data/csv/reading_faulty_csv_files , https://duckdb.org/docs/data/json/json_functions
import type { CsvOptions } from '../../config/sources-schema.js';
import { DuckDbDialect } from '../../dialect/duckdb/duckdb-dialect.js';
import type { FileLanding } from '../warehouse.js';

const d = new DuckDbDialect();
const lit = (s: string) => d.stringLiteral(s);
const q = (c: string) => d.quoteIdent(c);

/** Column DuckDB adds with each row's file path when several files are read at once. */
const pathColumn = 'cpm_source_path';
/** The one column a JSON-lines file is read into: the line's text. */
const lineColumn = 'cpm_json_line';
/** Whether the line holds one JSON object, worked out once as the file is parsed: landing and the
 * check for lines that cannot land both read it (each parsing every line again cost 1.4 s for a
 * 2.3 million-line file). */
const objectColumn = 'cpm_json_object';
/** Longest record the reader takes (a 50 MB note field lands; a longer record is quarantined). */
export const maxRecordBytes = 64 * 1024 * 1024;
/** Per file, where the reader's rejected records sat: rows after one move down a place. */
export const gapsTable = 'cpm_row_gaps';

function csvReaderArgs(csv: CsvOptions): string {
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
    `max_line_size = ${maxRecordBytes}`,
    // The default buffer is 16 x max_line_size, and 1 GiB per file is more than a project's memory.
    `buffer_size = ${maxRecordBytes}`,
    'parallel = true',
  ];
  return args.join(', ');
}

/**
 * Reads each line of the files as one text value. U+0001 cannot occur unescaped in valid JSON,
 * so as the "delimiter" it never splits a valid line; a line holding one is rejected whole.
 */
function lineReader(files: string[], extra = ''): string {
  const list = `[${files.map(lit).join(', ')}]`;
  return (
    `read_csv(${list}, header = false, auto_detect = false, columns = {${lit(lineColumn)}: 'VARCHAR'}, ` +
    `delim = '\u0001', quote = '', escape = '', strict_mode = true, max_line_size = ${maxRecordBytes}, buffer_size = ${maxRecordBytes}, filename = ${lit(pathColumn)}${extra})`
  );
}

/** A table function call that reads files, with each row's file path. */
export function fileReader(files: string[], format: 'csv' | 'jsonl', csv: CsvOptions, columns: string[], extra = ''): string {
  if (format === 'jsonl') return lineReader(files, extra);
  const list = `[${files.map(lit).join(', ')}]`;
  const cols = `columns = {${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${list}, ${csvReaderArgs(csv)}, ${cols}, filename = ${lit(pathColumn)}${extra})`;
}

const blank = (line: string) => `(${line} IS NULL OR TRIM(${line}) = '')`;
/** A line that holds one JSON object (json_type would fail on invalid JSON, hence the guard). */
const jsonObject = (line: string) => `CASE WHEN json_valid(${line}) THEN json_type(${line}) = 'OBJECT' ELSE FALSE END`;
/** The line when it is a JSON object, else NULL: JSON functions fail on invalid input, and a
 * WHERE beside them does not guarantee they never see it. */
const objectOrNull = `CASE WHEN ${objectColumn} THEN ${lineColumn} END`;

/** The session-private table files are parsed into before landing. */
export const parsedTable = 'cpm_parsed_files';

/**
 * The keys of a JSON-lines file: those of its first record in their order, then any key that
 * first appears later (raw keeps them all), sorted. Malformed lines are skipped here; landing
 * quarantines them.
 */
export function jsonKeysSql(file: string): { first: string; all: string } {
  // With ignore_errors the reader skips malformed lines, so every value it gives is valid JSON.
  const objects = `(SELECT json FROM read_ndjson_objects(${lit(file)}, ignore_errors = true) WHERE json_type(json) = 'OBJECT')`;
  return {
    first: `SELECT UNNEST(json_keys(json)) AS key FROM (SELECT json FROM ${objects} AS o LIMIT 1) AS f`,
    all: `SELECT DISTINCT UNNEST(json_keys(json)) AS key FROM ${objects} AS o ORDER BY key`,
  };
}

/**
 * Parses the files into a temporary table, in parallel. DuckDB keeps insertion order, so a row's
 * rowid minus its file's first rowid is its position in the file; that is much faster than
 * WITH ORDINALITY, which makes the reader run on one thread.
 */
export function parseFilesSql(spec: FileLanding, rejectsTable: string): string {
  const rejects = `, store_rejects = true, rejects_table = ${lit(rejectsTable)}, rejects_scan = ${lit(`${rejectsTable}_scan`)}`;
  const reader = fileReader(spec.files.map((f) => f.path), spec.format, spec.csv, spec.fileColumns, rejects);
  const object = spec.format === 'jsonl' ? `, ${jsonObject(lineColumn)} AS ${objectColumn}` : '';
  return `CREATE OR REPLACE TEMPORARY TABLE ${parsedTable} AS SELECT *${object} FROM ${reader}`;
}

/**
 * Rows of the parsed table with their position in their file (`cpm_row`: the record's place
 * among the file's non-blank records, header excluded). With `gaps`, a row moves down one place
 * for each record before it that the reader rejected, so its number is still its place in the
 * file: the ASOF join finds, per row, how many rejected records come before it.
 */
function numberedRows(gaps: boolean): string {
  const first = `(SELECT ${pathColumn}, MIN(rowid) AS first_rowid FROM ${parsedTable} GROUP BY ${pathColumn})`;
  const ordinal = 't.rowid - o.first_rowid + 1';
  const rows = `SELECT ${ordinal} AS cpm_ordinal, t.* FROM ${parsedTable} AS t JOIN ${first} AS o ON o.${pathColumn} = t.${pathColumn}`;
  if (!gaps) return `SELECT cpm_ordinal AS cpm_row, * EXCLUDE (cpm_ordinal) FROM (${rows}) AS r`;
  return (
    `SELECT r.cpm_ordinal + COALESCE(g.rejected_before, 0) AS cpm_row, r.* EXCLUDE (cpm_ordinal) FROM (${rows}) AS r ` +
    `ASOF LEFT JOIN ${gapsTable} AS g ON g.path = r.${pathColumn} AND r.cpm_ordinal > g.parsed_before`
  );
}

/** Numbered rows, and for JSON lines the records' values, one object per line. */
function positionedRows(spec: FileLanding, gaps: boolean): string {
  const rows = numberedRows(gaps);
  if (spec.format === 'csv') return rows;
  // One parse per line for all keys: json_extract_string with a list of paths.
  const paths = spec.fileColumns.map((k) => lit(`$."${k.replaceAll('"', '\\"')}"`)).join(', ');
  return `SELECT cpm_row, ${pathColumn}, ${lineColumn}, json_extract_string(${objectOrNull}, CAST([${paths}] AS VARCHAR[])) AS cpm_values FROM (${rows}) AS r WHERE ${objectColumn}`;
}

/** The header name that feeds a raw column. Matched without case when not exact: raw columns come
 * back case-folded from engines that fold identifiers (Snowflake), like SQL treats them. */
function fileColumn(spec: FileLanding, column: string): string | undefined {
  return spec.fileColumns.find((f) => f === column) ?? spec.fileColumns.find((f) => f.toLowerCase() === column.toLowerCase());
}

/** A file column's text in a positioned row. */
function value(spec: FileLanding, column: string): string {
  if (spec.format === 'csv') return `CAST(p.${q(column)} AS VARCHAR)`;
  return `p.cpm_values[${spec.fileColumns.indexOf(column) + 1}]`;
}

function watermarkFilter(spec: FileLanding): string {
  const w = spec.watermark;
  if (!w || (w.after === null && w.upTo === null)) return 'TRUE';
  const parsed = d.tryParseTimestamp(`TRIM(${value(spec, fileColumn(spec, w.column) ?? w.column)})`, w.format);
  const bounds = [
    w.after === null ? null : `${parsed} > CAST(${lit(w.after)} AS TIMESTAMP)`,
    w.upTo === null ? null : `${parsed} <= CAST(${lit(w.upTo)} AS TIMESTAMP)`,
  ].filter(Boolean);
  // A row whose watermark does not parse is landed anyway: staging quarantines it with a reason.
  return `(${parsed} IS NULL OR (${bounds.join(' AND ')}))`;
}

/** A row holding a NUL byte: no text column of PostgreSQL (or Snowflake) can store it, so such a
 * row is quarantined on every engine rather than landing on some and failing on others. */
function holdsNul(spec: FileLanding, nulFiles: string[]): string {
  // Checked only in files a byte scan found a NUL in (file-landing.ts): it costs a pass over every value.
  if (!spec.fileColumns.length || !nulFiles.length) return 'FALSE';
  const inFile = `p.${pathColumn} IN (${nulFiles.map(lit).join(', ')})`;
  return `(${inFile} AND contains(concat_ws('', ${spec.fileColumns.map((c) => value(spec, c)).join(', ')}), chr(0)))`;
}

/**
 * The rows to land from the parsed files, in raw-table column order: source columns as text
 * (NULL where the files lack a column), then the lineage columns.
 */
export function landingSelect(spec: FileLanding, gaps = false, nulFiles: string[] = []): string {
  const sourceCols = spec.columns.map((c) => {
    const header = fileColumn(spec, c);
    return `${header === undefined ? 'CAST(NULL AS VARCHAR)' : value(spec, header)} AS ${q(c)}`;
  });
  // Hash of the source values only, so identical records hash alike whatever batch they came in.
  // Unit (0x1F) separates values and record (0x1E) stands for NULL: neither occurs in text exports.
  const values = spec.fileColumns.map((c) => `COALESCE(${value(spec, c)}, chr(30))`);
  const hash = values.length ? `md5(concat_ws(chr(31), ${values.join(', ')}))` : `md5('')`;
  const names = spec.files.map((f) => `(${lit(f.path)}, ${lit(f.sourceFile)})`).join(', ');
  return (
    `SELECT ${sourceCols.join(', ')},\n` +
    `  CAST(${spec.batchId} AS BIGINT) AS _batch_id, CAST(${lit(spec.loadedAt)} AS TIMESTAMP) AS _loaded_at,\n` +
    `  n.source_file AS _source_file, CAST(p.cpm_row AS BIGINT) AS _source_row, ${hash} AS _record_hash\n` +
    `FROM (${positionedRows(spec, gaps)}) AS p\n` +
    `JOIN (VALUES ${names}) AS n (path, source_file) ON n.path = p.${pathColumn}\n` +
    `WHERE ${watermarkFilter(spec)} AND NOT ${holdsNul(spec, nulFiles)}`
  );
}

/** Records the reader rejected: path, its line as the reader counts them, kind and message. */
export function readerRejectsSql(rejectsTable: string): string {
  return (
    `SELECT s.file_path AS path, e.line, e.error_type AS kind, e.error_message AS message ` +
    `FROM ${q(rejectsTable)} AS e JOIN ${q(`${rejectsTable}_scan`)} AS s ON s.scan_id = e.scan_id AND s.file_id = e.file_id ORDER BY path, line`
  );
}

/**
 * Parsed rows that do not land, as path, row, kind, fields and (JSON lines) text: lines that are
 * not one JSON object, and rows holding a NUL byte (with the names of the fields that hold it).
 * Lines of only white space carry nothing and are skipped. Runs while the parsed table exists.
 */
export function unlandableRowsSql(spec: FileLanding, gaps: boolean, nulFiles: string[]): string | undefined {
  const nulFields = `concat_ws(', ', ${['CAST(NULL AS VARCHAR)', ...spec.fileColumns.map((c) => `CASE WHEN contains(${value(spec, c)}, chr(0)) THEN ${lit(c)} END`)].join(', ')})`;
  const text = spec.format === 'jsonl' ? lineColumn : 'NULL';
  const parts: string[] = [];
  if (nulFiles.length && spec.fileColumns.length) {
    parts.push(`SELECT ${pathColumn} AS path, cpm_row AS row, 'NUL' AS kind, ${nulFields} AS fields, ${text} AS text FROM (${positionedRows(spec, gaps)}) AS p WHERE ${holdsNul(spec, nulFiles)}`);
  }
  if (spec.format === 'jsonl') {
    parts.push(
      `SELECT ${pathColumn} AS path, cpm_row AS row, 'JSON' AS kind, NULL AS fields, ${lineColumn} AS text ` +
        // Only lines that are not an object are trimmed: as two conditions joined by AND, DuckDB
        // trimmed every line (1.4 s for 2.3 million of them).
        `FROM (${numberedRows(gaps)}) AS r WHERE CASE WHEN ${objectColumn} THEN FALSE ELSE NOT ${blank(lineColumn)} END`,
    );
  }
  return parts.length ? `${parts.join(' UNION ALL ')} ORDER BY path, row` : undefined;
}
