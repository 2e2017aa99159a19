// Where each record of an export file starts and ends, counted the way DuckDB's CSV reader counts
// the `line` of a rejected row: one line per record (a quoted line break does not start one) plus
// one per blank line. Used only on the error paths of a landing (a file with rejected or
// unstorable rows, or with mixed line endings), so it reads the whole file into memory: simple
// and exact. No CSV library gives byte ranges of records while leaving invalid bytes untouched,
// which is what raw and quarantine need (the original bytes, not a re-decoded copy).
import { createReadStream, readFileSync } from 'node:fs';
import type { CsvOptions } from '../../config/sources-schema.js';

export interface RecordIndex {
  bytes: Buffer;
  /** Bytes per code unit: 2 for UTF-16 (little-endian), else 1. */
  unit: 1 | 2;
  /** Line n (1-based) spans bytes [starts[n-1], ends[n-1]), its line break excluded. */
  starts: number[];
  ends: number[];
  /** Line (in a text editor's count) on which each line starts. */
  physical: number[];
  /** Line numbers of empty lines, ascending: DuckDB skips them but counts them. */
  blank: number[];
  /** Line breaks outside quoted fields, by kind. */
  breaks: { crlf: number; lf: number; cr: number };
}

const CR = 0x0d;
const LF = 0x0a;

/** Scans a file; `quote` '' (JSON lines) means no quoting: every line break ends a line. */
export function indexRecords(path: string, csv: Pick<CsvOptions, 'quote' | 'escape' | 'encoding'>): RecordIndex {
  const bytes = readFileSync(path);
  const unit = csv.encoding === 'utf-16' ? 2 : 1;
  const at = unit === 2 ? (i: number) => bytes.readUInt16LE(i) : (i: number) => bytes[i]!;
  const q = csv.quote ? csv.quote.charCodeAt(0) : -1;
  const e = csv.escape ? csv.escape.charCodeAt(0) : q;
  const index: RecordIndex = { bytes, unit, starts: [], ends: [], physical: [], blank: [], breaks: { crlf: 0, lf: 0, cr: 0 } };
  const end = bytes.length - (bytes.length % unit);
  let start = 0;
  let inQuote = false;
  let physical = 1;
  let lineStartsAt = 1;
  const endLine = (contentEnd: number, next: number) => {
    if (contentEnd === start) index.blank.push(index.starts.length + 1);
    index.starts.push(start);
    index.ends.push(contentEnd);
    index.physical.push(lineStartsAt);
    start = next;
    lineStartsAt = physical;
  };
  for (let i = 0; i < end; i += unit) {
    const u = at(i);
    // Every LF, and every CR not followed by LF, starts a line in an editor, quoted or not.
    if (u === LF || (u === CR && !(i + unit < end && at(i + unit) === LF))) physical++;
    if (inQuote) {
      if (u === e && e !== q) i += unit; // the escaped unit, whatever it is
      else if (u === q) {
        // With escape = quote, a doubled quote is one literal quote inside the field.
        if (e === q && i + unit < end && at(i + unit) === q) i += unit;
        else inQuote = false;
      }
      continue;
    }
    if (u === q) inQuote = true;
    else if (u === LF) {
      index.breaks.lf++;
      endLine(i, i + unit);
    } else if (u === CR) {
      const crlf = i + unit < end && at(i + unit) === LF;
      index.breaks[crlf ? 'crlf' : 'cr']++;
      if (crlf) physical++; // the LF skipped below
      endLine(i, i + unit * (crlf ? 2 : 1));
      if (crlf) i += unit;
    }
  }
  if (start < end) endLine(end, end);
  return index;
}

/** More than one kind of line break outside quoted fields (DuckDB's reader stops on these). */
export function mixedLineBreaks(index: RecordIndex): boolean {
  return Object.values(index.breaks).filter((n) => n > 0).length > 1;
}

/** The file with every line break outside quoted fields made LF; field bytes are unchanged. */
export function withUniformLineBreaks(index: RecordIndex): Buffer {
  const lf = Buffer.alloc(index.unit);
  lf.writeUIntLE(LF, 0, index.unit);
  const parts: Buffer[] = [];
  // Line 1 starts at byte 0, so a byte-order mark stays where the reader looks for it.
  index.starts.forEach((s, i) => parts.push(index.bytes.subarray(s, index.ends[i]), lf));
  return Buffer.concat(parts);
}

/** Number of blank lines before line n. The reader keeps a blank line as a row (of NULL) when a
 * file has one column, which JSON lines (read as one text column) always have. */
function blanksBefore(index: RecordIndex, line: number, blankIsRow: boolean): number {
  if (blankIsRow) return 0;
  let lo = 0;
  let hi = index.blank.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.blank[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A line's position among the non-blank records after the header (raw's `_source_row`). */
export function recordOfLine(index: RecordIndex, line: number, headerLines: number, blankIsRow: boolean): number {
  return line - headerLines - blanksBefore(index, line, blankIsRow);
}

/** The line that holds the n-th non-blank record after the header. */
export function lineOfRecord(index: RecordIndex, record: number, headerLines: number, blankIsRow: boolean): number {
  // The least fixed point of line = record + header + (blank lines up to line), from below.
  let line = record + headerLines;
  for (;;) {
    const next = record + headerLines + blanksBefore(index, line + 1, blankIsRow);
    if (next === line) return line;
    line = next;
  }
}

/** The text of line n, decoded as declared. Bytes that are not valid UTF-8 are shown as \xNN,
 * so the record keeps every original byte in readable form. */
export function lineText(index: RecordIndex, line: number, encoding: CsvOptions['encoding']): string {
  const s = index.starts[line - 1];
  if (s === undefined) return '';
  const bytes = index.bytes.subarray(s, index.ends[line - 1]);
  const text = encoding === 'latin-1' ? bytes.toString('latin1') : encoding === 'utf-16' ? bytes.toString('utf16le') : utf8Escaped(bytes);
  return line === 1 ? text.replace(/^\uFEFF/, '') : text;
}

const strict = new TextDecoder('utf-8', { fatal: true });

function utf8Escaped(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    // Walk the sequences: keep the valid ones, escape each byte of an invalid one.
  }
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let text: string | undefined;
    if (n > 0 && i + n <= bytes.length) {
      try {
        text = strict.decode(bytes.subarray(i, i + n));
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    } else {
      out += text;
      i += n;
    }
  }
  return out;
}

/**
 * Whether a file may hold a NUL character: a zero byte, or in JSON lines the escape \u0000. A
 * byte scan is far cheaper than checking every value in SQL, which then runs only for such files.
 * Fed chunk by chunk, so the connector can do it on the read that hashes the file.
 */
export class NulScan {
  private static readonly escape = Buffer.from('\\u0000');
  private tail: Buffer = Buffer.alloc(0);
  found = false;

  constructor(private readonly format: 'csv' | 'jsonl') {}

  update(bytes: Buffer): void {
    if (this.found) return;
    if (bytes.includes(0)) this.found = true;
    else if (this.format === 'jsonl') {
      // With the end of the last chunk: the escape may straddle two.
      const { escape } = NulScan;
      this.found = Buffer.concat([this.tail, bytes.subarray(0, escape.length - 1)]).includes(escape) || bytes.includes(escape);
      this.tail = bytes.subarray(-(escape.length - 1));
    }
  }
}

export async function mayHoldNul(path: string, format: 'csv' | 'jsonl'): Promise<boolean> {
  const scan = new NulScan(format);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    scan.update(chunk as Buffer);
    if (scan.found) break;
  }
  return scan.found;
}
