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

/** The keys of a JSON-lines file, from every line (keys may appear late in a file). */
export function describeJsonSql(file: string): string {
  return `DESCRIBE SELECT * FROM read_json_auto(${lit(file)}, format = 'newline_delimited', sample_size = -1)`;
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

/**
 * The rows to land, in raw-table column order: source columns as text (NULL where the file
 * lacks a column), then the lineage columns.
 */
export function landingSelect(spec: FileLanding, fileColumns: string[], rejectsTable?: string): string {
  const present = new Set(fileColumns);
  const sourceCols = spec.columns.map((c) => (present.has(c) ? `CAST(${d.quoteIdent(c)} AS VARCHAR) AS ${d.quoteIdent(c)}` : `CAST(NULL AS VARCHAR) AS ${d.quoteIdent(c)}`));
  // Hash of the source values only: identical records hash alike whatever batch they came in.
  const hash = `md5(CAST(to_json([${fileColumns.map((c) => `CAST(${d.quoteIdent(c)} AS VARCHAR)`).join(', ')}]) AS VARCHAR))`;
  const rejects = rejectsTable ? `, store_rejects = true, rejects_table = ${lit(rejectsTable)}, rejects_scan = ${lit(`${rejectsTable}_scan`)}` : '';
  const reader = fileReader(spec.file, spec.format, spec.csv, spec.format === 'csv' ? rejects : '', fileColumns);
  return (
    `SELECT ${sourceCols.join(', ')},\n` +
    `  CAST(${spec.batchId} AS BIGINT) AS _batch_id, CAST(${lit(spec.loadedAt)} AS TIMESTAMP) AS _loaded_at,\n` +
    `  ${lit(spec.sourceFile)} AS _source_file, CAST(f.ordinality AS BIGINT) AS _source_row, ${hash} AS _record_hash\n` +
    `FROM ${reader} WITH ORDINALITY AS f\nWHERE ${watermarkFilter(spec)}`
  );
}

export function rejectsSql(rejectsTable: string): string {
  return `SELECT line, error_type || ': ' || error_message AS error, csv_line AS text FROM ${d.quoteIdent(rejectsTable)} ORDER BY line`;
}
