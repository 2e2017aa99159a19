// Missing and extra columns; duplicate and missing keys.
import assert from 'node:assert/strict';
import { type DataCase, gifts } from './shared.js';

export const columnsAndKeys: DataCase[] = [
  {
    name: 'extra_columns',
    kind: 'columns',
    what: 'columns the mapping does not name land in raw too',
    expect: { outcome: 'lands', records: 1, columns: ['id', 'name', 'amount', 'gift_date', 'notes', 'Campaign Code'], raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01', 'first gift', 'SPRING23']], staged: 1 },
  },
  { name: 'columns_reordered', kind: 'columns', what: 'the header in another order than the mapping', expect: { outcome: 'lands', records: 1, raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01']], staged: 1 } },
  { name: 'header_names_padded', kind: 'columns', what: 'spaces around header names', expect: { outcome: 'lands', records: 1, raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01']], staged: 1 } },
  {
    name: 'file_gains_a_column',
    kind: 'columns',
    what: 'a later export adds a column: raw widens, the earlier rows hold NULL there',
    expect: {
      outcome: 'lands',
      records: 2,
      columns: ['id', 'name', 'amount', 'gift_date', 'channel'],
      raw: [
        ['gifts_1.csv', 1, '1', 'Ann', '10', '2023-01-01', null],
        ['gifts_2.csv', 1, '2', 'Bob', '20', '2023-01-02', 'web'],
      ],
      staged: 2,
    },
  },
  {
    name: 'hostile_header_name',
    kind: 'injection',
    what: 'a header name that closes the identifier quote and drops the raw table',
    expect: {
      outcome: 'lands',
      records: 1,
      columns: ['id', 'x"; DROP TABLE raw.hostile_header_name__gifts; --'],
      raw: [[gifts, 1, '1', 'boom']],
      staged: 1,
    },
  },

  // Duplicate keys: raw keeps every row; staging keeps one current row per key.
  {
    name: 'duplicate_keys_in_file',
    kind: 'keys',
    what: 'the same id twice in one file: the later row is current',
    expect: {
      outcome: 'lands',
      records: 3,
      raw: [
        [gifts, 1, '1', 'Ann', '10', '2023-01-01'],
        [gifts, 2, '1', 'Ann B', '15', '2023-01-05'],
        [gifts, 3, '2', 'Bob', '20', '2023-01-02'],
      ],
      staged: 2,
    },
    check: ({ staging }) => assert.deepEqual(staging.map((r) => [r['id'], r['name'], r['_source_row']]), [['1', 'Ann B', 2], ['2', 'Bob', 3]]),
  },
  {
    name: 'duplicate_keys_across_files',
    kind: 'keys',
    what: 'the same id in two files of one batch: raw keeps both, staging one row per key',
    expect: {
      outcome: 'lands',
      records: 4,
      raw: [
        ['gifts_1.csv', 1, '1', 'Ann', '10', '2023-01-01'],
        ['gifts_1.csv', 2, '2', 'Bob', '20', '2023-01-02'],
        ['gifts_2.csv', 1, '2', 'Robert', '25', '2023-02-02'],
        ['gifts_2.csv', 2, '3', 'Cy', '30', '2023-02-03'],
      ],
      staged: 3,
    },
    // Which of the two is current is not asserted: without a watermark, staging orders rows of
    // one batch by row number across files (Bob, row 2 of the first file, beats Robert, row 1
    // of the second); reported, not fixed here (src/pipeline/staging/stream-sql.ts).
    check: ({ staging }) => assert.deepEqual(staging.map((r) => r['id']), ['1', '2', '3']),
  },
  {
    name: 'identical_duplicate_rows',
    kind: 'keys',
    what: 'the same line twice: both stay in raw (same record hash), one row in staging',
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'Ann', '10', '2023-01-01'], [gifts, 2, '1', 'Ann', '10', '2023-01-01']], staged: 1 },
  },
  {
    name: 'missing_key',
    kind: 'keys',
    what: 'an empty and a blank key',
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [
        [gifts, 1, null, 'Ann', '10', '2023-01-01'],
        [gifts, 2, '  ', 'Bob', '20', '2023-01-02'],
        [gifts, 3, '3', 'Cy', '30', '2023-01-03'],
      ],
      unstaged: [
        [gifts, 1, /id: key is missing/],
        [gifts, 2, /id: key is missing/],
      ],
      staged: 1,
    },
  },
];
