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

/** A table function call that reads the file, all columns as text. */
export function fileReader(file: string, format: 'csv' | 'jsonl', csv: CsvOptions, extra = '', columns?: string[]): string {
  if (format === 'jsonl') {
    const cols = columns ? `, columns = {${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}` : '';
    return `read_json(${lit(file)}, format = 'newline_delimited', records = true${cols}${extra})`;
  }
  const cols = columns ? `, columns = {${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}` : '';
  return `read_csv(${lit(file)}, ${csvReaderArgs(csv)}${cols}${extra})`;
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
  const parsed = d.tryParseTimestamp(`TRIM(${d.quoteIdent(w.column)})`, w.format);
  const bounds = [
    w.after === null ? null : `${parsed} > CAST(${lit(w.after)} AS TIMESTAMP)`,
    w.upTo === null ? null : `${parsed} <= CAST(${lit(w.upTo)} AS TIMESTAMP)`,
  ].filter(Boolean);
  // A row whose watermark does not parse is landed anyway: staging quarantines it with a reason.
  return `(${parsed} IS NULL OR (${bounds.join(' AND ')}))`;
}

/** The session-private table a file is parsed into before landing. */
export const parsedTable = 'cpm_parsed_file';

/**
 * Parses the file into a temporary table, in parallel. DuckDB keeps insertion order, so the
 * table's rowid is the record's position in the file; that is much faster than WITH ORDINALITY,
 * which makes the reader run on one thread.
 */
export function parseFileSql(spec: FileLanding, fileColumns: string[], rejectsTable?: string): string {
  const rejects = rejectsTable ? `, store_rejects = true, rejects_table = ${lit(rejectsTable)}, rejects_scan = ${lit(`${rejectsTable}_scan`)}` : '';
  const reader = fileReader(spec.file, spec.format, spec.csv, spec.format === 'csv' ? rejects : '', fileColumns);
  return `CREATE OR REPLACE TEMPORARY TABLE ${parsedTable} AS SELECT * FROM ${reader}`;
}

/**
 * The rows to land from the parsed file, in raw-table column order: source columns as text
 * (NULL where the file lacks a column), then the lineage columns.
 */
export function landingSelect(spec: FileLanding, fileColumns: string[]): string {
  const q = (c: string) => d.quoteIdent(c);
  const present = new Set(fileColumns);
  const sourceCols = spec.columns.map((c) => (present.has(c) ? `CAST(${q(c)} AS VARCHAR) AS ${q(c)}` : `CAST(NULL AS VARCHAR) AS ${q(c)}`));
  // Hash of the source values only, so identical records hash alike whatever batch they came in.
  // Unit (0x1F) separates values and record (0x1E) stands for NULL: neither occurs in text exports.
  const values = fileColumns.map((c) => `COALESCE(CAST(${q(c)} AS VARCHAR), chr(30))`);
  const hash = `md5(concat_ws(chr(31), ${values.join(', ')}))`;
  return (
    `SELECT ${sourceCols.join(', ')},\n` +
    `  CAST(${spec.batchId} AS BIGINT) AS _batch_id, CAST(${lit(spec.loadedAt)} AS TIMESTAMP) AS _loaded_at,\n` +
    `  ${lit(spec.sourceFile)} AS _source_file, CAST(rowid + 1 AS BIGINT) AS _source_row, ${hash} AS _record_hash\n` +
    `FROM ${parsedTable}\nWHERE ${watermarkFilter(spec)}`
  );
}

export function rejectsSql(rejectsTable: string): string {
  return `SELECT line, error_type || ': ' || error_message AS error, csv_line AS text FROM ${d.quoteIdent(rejectsTable)} ORDER BY line`;
}
