// Checks an export file before landing it, for the problems that make the whole file unreadable
// rather than one record: an encoding that does not match the config (told by the byte-order
// mark), a header that is blank or names a column twice or not at all. Each one is an
// InputFileError that names the file and line and says how to fix it; without these checks the
// reader either fails with an engine error or, for UTF-16 big-endian, silently reads no rows.
import { openSync, readSync, closeSync, createReadStream } from 'node:fs';
import type { CsvOptions } from '../config/sources-schema.js';
import { InputFileError } from './input-file-error.js';

const boms: [name: string, bytes: number[]][] = [
  ['UTF-8', [0xef, 0xbb, 0xbf]],
  ['UTF-16 little-endian', [0xff, 0xfe]],
  ['UTF-16 big-endian', [0xfe, 0xff]],
];

/** Refuses a file whose first bytes say it is in another encoding than the stream declares
 * (JSON lines are UTF-8, as RFC 8259 requires of JSON exchanged between systems). */
export function checkEncoding(path: string, relPath: string, format: 'csv' | 'jsonl', encoding: CsvOptions['encoding']): void {
  const setEncoding = (e: CsvOptions['encoding']) =>
    format === 'jsonl' ? 'JSON lines must be UTF-8: convert the file, e.g. `iconv -t UTF-8`' : `set \`csv: { encoding: ${e} }\` for the stream in config/sources.yaml`;
  const bytes = readHead(path, 64);
  const n = bytes.length;
  const bom = boms.find(([, b]) => b.every((x, i) => bytes[i] === x))?.[0];
  const fail = (problem: string, hint: string) => {
    throw new InputFileError(relPath, 1, problem, hint);
  };
  if (bom === 'UTF-16 big-endian') fail('the file is UTF-16 big-endian (its byte-order mark says so), which the reader cannot decode', 'convert it to UTF-8, e.g. `iconv -f UTF-16BE -t UTF-8 FILE > FILE.utf8.csv`');
  if (bom === 'UTF-16 little-endian' && encoding !== 'utf-16') fail(`the file is UTF-16 (its byte-order mark says so) but the stream declares ${encoding}`, setEncoding('utf-16'));
  if (bom === 'UTF-8' && encoding !== 'utf-8') fail(`the file is UTF-8 (its byte-order mark says so) but the stream declares ${encoding}`, setEncoding('utf-8'));
  // Text in UTF-16 has a zero byte beside every ASCII character; a single-byte text has none.
  const zeros = bytes.filter((b) => b === 0).length;
  if (encoding === 'utf-16' && !bom && n >= 4 && zeros === 0) fail('the stream declares utf-16 but the file has no UTF-16 text at its start', setEncoding('utf-8'));
  if (encoding !== 'utf-16' && !bom && zeros >= n / 4 && n >= 4) fail(`the file looks like UTF-16 without a byte-order mark (every other byte is zero) but the stream declares ${encoding}`, setEncoding('utf-16'));
}

function readHead(path: string, size: number): Buffer {
  const head = Buffer.alloc(size);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, size, 0));
  } finally {
    closeSync(fd);
  }
}

/** Header names (CSV) or keys (JSON lines) must be unique without case, as SQL compares them
 * and raw keeps one column per name, and not empty. */
export function checkHeader(relPath: string, format: 'csv' | 'jsonl', names: string[]): void {
  const seen = new Map<string, number>();
  const where = format === 'csv' ? 1 : undefined;
  names.forEach((name, i) => {
    if (name.trim() === '') {
      const what = format === 'csv' ? `field ${i + 1} of the header is empty` : 'a record has an empty key ""';
      throw new InputFileError(relPath, where, `${what}: every column needs a name`, 'name the column in the export (raw keeps one column per name)');
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      const again = names[first] === name ? '' : `, the second time as "${name}"`;
      const what = format === 'csv' ? `the header names column "${names[first]}" twice (fields ${first + 1} and ${i + 1}${again})` : `the records use the keys "${names[first]}" and "${name}"`;
      throw new InputFileError(relPath, where, `${what}: column names are compared without case`, 'rename one of them in the export: raw keeps one column per name');
    }
    seen.set(name.toLowerCase(), i);
  });
}

/** True when the file holds nothing but white space (an "empty" export some tools write). */
export async function onlyWhiteSpace(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    // Also UTF-16: its zero bytes, and any byte-order mark, carry no text.
    if (!(chunk as Buffer).every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0 || b === 0xfe || b === 0xff || b === 0xef || b === 0xbb || b === 0xbf)) return false;
  }
  return true;
}
