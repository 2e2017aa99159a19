// Encodings: decoded as declared; bytes that are not the declared encoding are quarantined.
import { type DataCase, gifts, fix } from './shared.js';

export const encodings: DataCase[] = [
  { name: 'utf8_bom', kind: 'encoding', what: 'a UTF-8 byte-order mark before the header', expect: { outcome: 'lands', records: 1, raw: [[gifts, 1, '1', 'Zoë', '10', '2023-01-01']], staged: 1 } },
  {
    name: 'utf16le_bom',
    kind: 'encoding',
    what: 'UTF-16 (little-endian, with byte-order mark), declared utf-16',
    stream: { csv: { encoding: 'utf-16' } },
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'Zoë', '10', '2023-01-01'], [gifts, 2, '2', '王小明', '20', '2023-01-02']], staged: 2 },
  },
  {
    name: 'utf16_ragged_row',
    kind: 'encoding',
    what: 'a short row in a UTF-16 file: quarantined with its text decoded from UTF-16',
    stream: { csv: { encoding: 'utf-16' } },
    expect: {
      outcome: 'quarantine',
      records: 3,
      raw: [[gifts, 1, '1', 'Zoë', '10', '2023-01-01'], [gifts, 3, '3', '王', '30', '2023-01-03']],
      rejected: [[gifts, 2, fix('MISSING COLUMNS: .*\\(line 3\\)'), '2,Bob']],
      staged: 2,
    },
  },
  {
    name: 'latin1_declared',
    kind: 'encoding',
    what: 'a Latin-1 export declared latin-1',
    stream: { csv: { encoding: 'latin-1' } },
    expect: { outcome: 'lands', records: 2, raw: [[gifts, 1, '1', 'José María', '10', '2023-01-01'], [gifts, 2, '2', 'Zoë', '20', '2023-01-02']], staged: 2 },
  },
  {
    name: 'latin1_bytes_in_utf8',
    kind: 'encoding',
    what: 'a Latin-1 é in a file declared UTF-8',
    expect: {
      outcome: 'quarantine',
      records: 2,
      raw: [[gifts, 2, '2', 'Bob', '20', '2023-01-02']],
      rejected: [[gifts, 1, fix('INVALID ENCODING: .*\\(line 2\\): the bytes are not utf-8: set `csv: \\{ encoding'), '1,Jos\\xE9,10,2023-01-01']],
      staged: 1,
    },
  },
  {
    name: 'invalid_utf8_sequences',
    kind: 'encoding',
    what: 'an overlong encoding, a lone continuation byte and a truncated 4-byte sequence',
    expect: {
      outcome: 'quarantine',
      records: 4,
      raw: [[gifts, 4, '4', 'ok ✓', '40', '2023-01-04']],
      rejected: [
        [gifts, 1, fix('INVALID ENCODING'), '1,over\\xC0\\xAFlong,10,2023-01-01'],
        [gifts, 2, fix('INVALID ENCODING'), '2,lone\\x80cont,20,2023-01-02'],
        [gifts, 3, fix('INVALID ENCODING'), '3,cut\\xF0\\x9F\\x98,30,2023-01-03'],
      ],
      staged: 1,
    },
  },
];
