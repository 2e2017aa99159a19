// Values that look like SQL or formulas, and Unicode: all land as written.
import assert from 'node:assert/strict';
import { type DataCase, gifts } from './shared.js';

export const injectionAndUnicode: DataCase[] = [
  {
    name: 'sql_injection_values',
    kind: 'injection',
    what: "'; DROP TABLE, a closing parenthesis, OR 1=1, dollar quoting and backslashes",
    expect: {
      outcome: 'lands',
      records: 5,
      raw: [
        [gifts, 1, '1', "'; DROP TABLE raw.sql_injection_values__gifts; --", '10', '2023-01-01'],
        [gifts, 2, '2', "Robert'); DROP TABLE staging.events;--", '20', '2023-01-02'],
        [gifts, 3, '3', ' OR 1=1 --', '30', '2023-01-03'],
        [gifts, 4, '4', '$$; DELETE FROM meta.batches; $$', '40', '2023-01-04'],
        [gifts, 5, '5', "back\\\\slash \\' quote", '50', '2023-01-05'],
      ],
      staged: 5,
    },
  },
  {
    name: 'formula_values',
    kind: 'injection',
    what: 'CSV-injection payloads (=, +, @, -, tab) stay as they are in raw and staging',
    expect: {
      outcome: 'lands',
      records: 5,
      raw: [
        [gifts, 1, '1', '=HYPERLINK("http://x","y")', '10', '2023-01-01'],
        [gifts, 2, '2', "+cmd|' /C calc'!A0", '20', '2023-01-02'],
        [gifts, 3, '3', '@SUM(1)', '30', '2023-01-03'],
        [gifts, 4, '4', '-2+3', '40', '2023-01-04'],
        [gifts, 5, '5', '\t=1+1', '50', '2023-01-05'],
      ],
      staged: 5,
    },
    // Staging trims spaces only, so the tab stays too.
    check: ({ staging }) => assert.deepEqual(staging.map((r) => r['name']), ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3', '\t=1+1']),
  },

  // Unicode: stored as given (no normalisation), on every engine.
  {
    name: 'unicode_names',
    kind: 'unicode',
    what: 'accents, CJK, an emoji ZWJ sequence, Arabic, Hebrew, a combining mark, zero-width characters, a right-to-left override',
    expect: {
      outcome: 'lands',
      records: 9,
      raw: [
        ['people.csv', 1, '1', 'José Martínez', '10', '2023-01-01'],
        ['people.csv', 2, '2', 'Zoë Ångström', '10', '2023-01-01'],
        ['people.csv', 3, '3', '王小明', '10', '2023-01-01'],
        ['people.csv', 4, '4', '👩\u200d👩\u200d👧 Family', '10', '2023-01-01'],
        ['people.csv', 5, '5', 'محمد علي', '10', '2023-01-01'],
        ['people.csv', 6, '6', 'שרה לוי', '10', '2023-01-01'],
        ['people.csv', 7, '7', 'Zoe\u0308 (combining)', '10', '2023-01-01'],
        ['people.csv', 8, '8', 'a\u200db\u200cc\u200bd', '10', '2023-01-01'],
        ['people.csv', 9, '9', '\u202eevil\u202c', '10', '2023-01-01'],
      ],
      staged: 9,
    },
  },
  {
    name: 'unicode_header_names',
    kind: 'unicode',
    what: 'non-ASCII column names become raw columns',
    expect: { outcome: 'lands', records: 1, columns: ['id', 'Prénom', '名前'], raw: [[gifts, 1, '1', 'Anne', '安']], staged: 1 },
  },
];
