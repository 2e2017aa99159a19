// Malformed CSV: the record the reader cannot split is quarantined with its original text; the rest land.
import { type DataCase, gifts, lines, fix } from './shared.js';

export const malformedCsv: DataCase[] = [
  {
    name: 'unbalanced_quote',
    kind: 'malformed csv',
    what: 'a quote opened and never closed swallows the rest of the file into one record',
    expect: { outcome: 'quarantine', records: 1, raw: [], rejected: [[gifts, 1, fix('UNQUOTED VALUE: .*unterminated quote.*\\(line 2\\)'), '1,"Ann,10,2023-01-01\n2,Bob,20,2023-01-02']], staged: 0 },
  },
  {
    name: 'unbalanced_quote_mid_file',
    kind: 'malformed csv',
    what: 'an unclosed quote in the second record: the first still lands',
    expect: {
      outcome: 'quarantine',
      records: 2,
      raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01']],
      rejected: [[gifts, 2, fix('UNQUOTED VALUE: .*\\(line 3\\)'), '2,"Bob,20,2023-01-02\n3,Cy,30,2023-01-03']],
      staged: 1,
    },
  },
  {
    name: 'text_after_closing_quote',
    kind: 'malformed csv',
    what: '"Ann"ette: text after a closing quote',
    expect: { outcome: 'quarantine', records: 2, raw: [[gifts, 2, '2', 'Bob', '20', '2023-01-02']], rejected: [[gifts, 1, fix('UNQUOTED VALUE: .*\\(line 2\\)'), '1,"Ann"ette,10,2023-01-01']], staged: 1 },
  },
  {
    name: 'quote_inside_unquoted_value',
    kind: 'malformed csv',
    what: 'quotes inside a value that is not quoted are kept as text',
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'Ann "Nan" Lee', '10', '2023-01-01'], [gifts, 2, '2', 'Bob', '20', '2023-01-02']], staged: 2 },
  },
  {
    name: 'too_few_fields',
    kind: 'malformed csv',
    what: 'ragged rows with fewer fields than the header',
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [[gifts, 2, '2', 'Bob', '20', '2023-01-02']],
      rejected: [
        [gifts, 1, fix('MISSING COLUMNS: .*\\(line 2\\)'), '1,Ann,10'],
        [gifts, 3, fix('MISSING COLUMNS: .*\\(line 4\\)'), '3'],
      ],
      staged: 1,
    },
  },
  {
    name: 'too_many_fields',
    kind: 'malformed csv',
    what: 'ragged rows with more fields than the header (an unquoted comma in a name)',
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [[gifts, 2, '2', 'Bob', '20', '2023-01-02']],
      rejected: [
        [gifts, 1, fix('TOO MANY COLUMNS: .*Found: 5 \\(line 2\\): .*quote the value'), '1,Ann,10,2023-01-01,oops'],
        [gifts, 3, fix('TOO MANY COLUMNS: .*\\(line 4\\)'), '3,Smith, Jr.,30,2023-01-03'],
      ],
      staged: 1,
    },
  },
  {
    name: 'nul_byte',
    kind: 'malformed csv',
    what: 'a NUL byte inside a field: quarantined on every engine (PostgreSQL text cannot hold it)',
    expect: { outcome: 'quarantine', records: 2, raw: [[gifts, 2, '2', 'Bob', '20', '2023-01-02']], rejected: [[gifts, 1, fix('NUL CHARACTER: name holds a NUL'), '1,A\\0nn,10,2023-01-01']], staged: 1 },
  },
  {
    name: 'mixed_line_endings',
    kind: 'malformed csv',
    what: 'CRLF, LF and CR line breaks in one file, and a CRLF inside a quoted value',
    expect: {
      outcome: 'lands',
      records: 3,
      raw: [
        [gifts, 1, '1', 'Ann', '10', '2023-01-01'],
        [gifts, 2, '2', 'Bob\r\nSmith', '20', '2023-01-02'],
        [gifts, 3, '3', 'Cy', '30', '2023-01-03'],
      ],
      staged: 3,
    },
  },
  {
    name: 'mixed_line_endings_ragged_row',
    kind: 'malformed csv',
    what: 'mixed line breaks and a short row: read from a copy with uniform breaks, the row quarantined with its original text',
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01'], [gifts, 3, '3', 'Cy', '30', '2023-01-03']],
      rejected: [[gifts, 2, fix('MISSING COLUMNS: .*\\(line 3\\)'), '2,Bob,20']],
      staged: 2,
    },
  },
  {
    name: 'cr_line_endings',
    kind: 'malformed csv',
    what: 'classic Mac line breaks (CR only)',
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01'], [gifts, 2, '2', 'Bob', '20', '2023-01-02']], staged: 2 },
  },
  {
    name: 'crlf_quoted_line_break',
    kind: 'malformed csv',
    what: 'a Windows export with a line break inside a quoted value',
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'Ann\r\nLee', '10', '2023-01-01'], [gifts, 2, '2', 'Bob', '20', '2023-01-02']], staged: 2 },
  },
  {
    name: 'blank_lines_between_records',
    kind: 'malformed csv',
    what: 'blank lines between records carry nothing; a ragged row after them keeps its own number',
    expect: {
      outcome: 'quarantine',
      records: 4,
      raw: [
        [gifts, 1, '1', 'Ann', '10', '2023-01-01'],
        [gifts, 2, '2', 'Bob', '20', '2023-01-02'],
        [gifts, 4, '4', 'Di', '40', '2023-01-04'],
      ],
      rejected: [[gifts, 3, fix('TOO MANY COLUMNS: .*\\(line 7\\)'), '3,Cy,x,2023-01-03,extra']],
      staged: 3,
    },
  },
  {
    name: 'nul_after_blank_lines',
    kind: 'malformed csv',
    what: 'a NUL byte in a record after blank lines: its row number and original text still match the file',
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01'], [gifts, 3, '3', 'Cy', '30', '2023-01-03']],
      rejected: [[gifts, 2, fix('NUL CHARACTER: name holds'), '2,B\\0b,20,2023-01-02']],
      staged: 2,
    },
  },
  {
    name: 'whitespace_only_line',
    kind: 'malformed csv',
    what: 'a line of spaces is a record with too few fields',
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01'], [gifts, 3, '2', 'Bob', '20', '2023-01-02']],
      rejected: [[gifts, 2, fix('MISSING COLUMNS: .*\\(line 3\\)'), '   ']],
      staged: 2,
    },
  },
  {
    name: 'no_trailing_newline',
    kind: 'malformed csv',
    what: 'the last record has no line break',
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01'], [gifts, 2, '2', 'Bob', '20', '2023-01-02']], staged: 2 },
  },
];
