// The reason a quarantined record gives for a line DuckDB's CSV reader rejected: the reader's own
// kind and message, the line an editor shows it on, and what to do about it.
// Kinds: https://duckdb.org/docs/data/csv/reading_faulty_csv_files
import type { CsvOptions } from '../../config/sources-schema.js';

const fixes: Record<string, (encoding: CsvOptions['encoding']) => string> = {
  'MISSING COLUMNS': () => 'the record has fewer fields than the header: fill in the missing fields (empty between delimiters) or quote the value that holds a line break',
  'TOO MANY COLUMNS': () => 'the record has more fields than the header: quote the value that holds the delimiter',
  'UNQUOTED VALUE': () => 'a quoted value is not closed, or has text after its closing quote: double a quote inside a quoted value ("")',
  'INVALID ENCODING': (encoding) =>
    `the bytes are not ${encoding}: set \`csv: { encoding: ... }\` of the stream in config/sources.yaml to the export's encoding (utf-8, latin-1, utf-16); the record shows the undecodable bytes as \\xNN`,
  'LINE SIZE OVER MAXIMUM': () => 'the record is longer than 64 MiB: split the value, or check for a quote that is never closed',
};

export function readerReason(kind: string, message: string, line: number, encoding: CsvOptions['encoding']): string {
  const fix = fixes[kind]?.(encoding);
  return `${kind}: ${message.trim()} (line ${line})${fix ? `: ${fix}` : ''}`;
}
