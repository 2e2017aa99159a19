// Reads the header record of a CSV export with a real CSV parser (quotes, delimiters, BOM,
// CRLF, encodings), so the column list never depends on sniffing the data rows.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { CsvOptions } from '../config/sources-schema.js';

const nodeEncodings: Record<CsvOptions['encoding'], BufferEncoding> = { 'utf-8': 'utf8', 'utf-16': 'utf16le', 'latin-1': 'latin1' };

export async function readCsvHeader(file: string, csv: CsvOptions): Promise<string[]> {
  const input = createReadStream(file, { encoding: nodeEncodings[csv.encoding], highWaterMark: 64 * 1024 });
  const parser = input.pipe(
    parse({ delimiter: csv.delimiter, quote: csv.quote || null, escape: csv.escape || null, bom: true, relax_column_count: true, to_line: 1 }),
  );
  try {
    for await (const record of parser) {
      const names = (record as string[]).map((c) => c.trim());
      return csv.header ? names : names.map((_, i) => `column${i + 1}`);
    }
    return [];
  } finally {
    input.destroy();
  }
}
