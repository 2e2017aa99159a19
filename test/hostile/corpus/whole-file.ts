// Empty files (nothing lands, no error) and files that cannot be read as a whole (exit 2).
import { type DataCase, gifts } from './shared.js';

export const wholeFile: DataCase[] = [
  { name: 'header_only', kind: 'empty', what: 'a header and no rows', expect: { outcome: 'lands', records: 0, raw: [], staged: 0 } },
  { name: 'zero_byte_file', kind: 'empty', what: 'a 0-byte file', expect: { outcome: 'lands', records: 0, raw: [], staged: 0 } },
  { name: 'whitespace_only_file', kind: 'empty', what: 'spaces, a tab and line breaks only', expect: { outcome: 'lands', records: 0, raw: [], staged: 0 } },

  // Whole-file problems: the file cannot be read as declared; exit 2 naming the file and line.
  { name: 'duplicate_header_names', kind: 'whole file', what: 'the header names a column twice', expect: { outcome: 'error', code: 2, message: /duplicate_header_names\/gifts\.csv:1: the header names column "name" twice \(fields 2 and 3\)[\s\S]*hint: rename one/ } },
  {
    name: 'duplicate_header_names_case',
    kind: 'whole file',
    what: 'Name and name: the same column to SQL',
    expect: { outcome: 'error', code: 2, message: /gifts\.csv:1: the header names column "Name" twice \(fields 2 and 3, the second time as "name"\)/ },
  },
  { name: 'empty_header_name', kind: 'whole file', what: 'a header field with no name', expect: { outcome: 'error', code: 2, message: /empty_header_name\/gifts\.csv:1: field 3 of the header is empty/ } },
  { name: 'blank_first_line', kind: 'whole file', what: 'a blank line above the header', expect: { outcome: 'error', code: 2, message: /blank_first_line\/gifts\.csv:1: the first line is blank[\s\S]*hint: remove the blank line/ } },
  {
    name: 'utf16_declared_utf8',
    kind: 'whole file',
    what: 'a UTF-16 file in a stream declared UTF-8',
    expect: { outcome: 'error', code: 2, message: /utf16_declared_utf8\/gifts\.csv:1: the file is UTF-16 .* declares utf-8[\s\S]*hint: set `csv: \{ encoding: utf-16 \}`/ },
  },
  {
    name: 'utf16be_bom',
    kind: 'whole file',
    what: 'UTF-16 big-endian, which the reader would read as no rows at all',
    stream: { csv: { encoding: 'utf-16' } },
    expect: { outcome: 'error', code: 2, message: /utf16be_bom\/gifts\.csv:1: the file is UTF-16 big-endian[\s\S]*hint: convert it to UTF-8/ },
  },
  {
    name: 'utf8_bom_declared_latin1',
    kind: 'whole file',
    what: 'a UTF-8 file (with byte-order mark) in a stream declared Latin-1',
    stream: { csv: { encoding: 'latin-1' } },
    expect: { outcome: 'error', code: 2, message: /gifts\.csv:1: the file is UTF-8 .* declares latin-1[\s\S]*encoding: utf-8/ },
  },
  {
    name: 'missing_mapped_column',
    kind: 'whole file',
    what: 'the export lacks a column the mapping names',
    expect: { outcome: 'error', code: 2, message: /missing_mapped_column\.gifts: column "gift_date" \(mapped to gift_date\) is not in missing_mapped_column\/gifts\.csv; the file has: id, name, amount/ },
  },
];
