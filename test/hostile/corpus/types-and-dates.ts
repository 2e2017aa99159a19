// Wrong types and impossible dates: raw keeps the text; staging quarantines the row, saying why.
import assert from 'node:assert/strict';
import { type DataCase, gifts } from './shared.js';

export const typesAndDates: DataCase[] = [
  {
    name: 'text_in_amount',
    kind: 'types',
    what: 'words, two decimal points, a currency sign and an overflow in a decimal column',
    expect: {
      outcome: 'quarantine',
      records: 6,
      raw: [
        [gifts, 1, '1', 'Ann', 'ten', '2023-01-01'],
        [gifts, 2, '2', 'Bob', '12.3.4', '2023-01-02'],
        [gifts, 3, '3', 'Cy', '$10', '2023-01-03'],
        [gifts, 4, '4', 'Di', '1e400', '2023-01-04'],
        [gifts, 5, '5', 'Ed', '-0.5', '2023-01-05'],
        [gifts, 6, '6', 'Flo', ' 7 ', '2023-01-06'],
      ],
      unstaged: [
        [gifts, 1, /amount: 'ten' is not a valid decimal/],
        [gifts, 2, /amount: '12\.3\.4' is not a valid decimal/],
        [gifts, 3, /amount: '\$10' is not a valid decimal/],
        [gifts, 4, /amount: '1e400' is not a valid decimal/],
      ],
      staged: 2,
    },
    check: ({ staging }) => assert.deepEqual(staging.map((r) => r['amount']), [-0.5, 7]),
  },
  {
    name: 'text_in_date',
    kind: 'types',
    what: 'words and another date order in a %Y-%m-%d column; an empty date is NULL, not invalid',
    expect: {
      outcome: 'quarantine',
      records: 4,
      raw: [
        [gifts, 1, '1', 'Ann', '10', 'yesterday'],
        [gifts, 2, '2', 'Bob', '20', '31/01/2023'],
        [gifts, 3, '3', 'Cy', '30', '2023-1-5'],
        [gifts, 4, '4', 'Di', '40', null],
      ],
      unstaged: [
        [gifts, 1, /gift_date: 'yesterday' is not a date like %Y-%m-%d/],
        [gifts, 2, /gift_date: '31\/01\/2023' is not a date like %Y-%m-%d/],
      ],
      staged: 2,
    },
    check: ({ staging }) => assert.deepEqual(staging.map((r) => r['gift_date']), ['2023-01-05', null]),
  },
  {
    name: 'impossible_dates',
    kind: 'dates',
    what: 'February 30th, 0000-00-00, month 13, April 31st; a leap day that exists',
    expect: {
      outcome: 'quarantine',
      records: 5,
      raw: [
        [gifts, 1, '1', 'Ann', '10', '2023-02-30'],
        [gifts, 2, '2', 'Bob', '20', '0000-00-00'],
        [gifts, 3, '3', 'Cy', '30', '2023-13-01'],
        [gifts, 4, '4', 'Di', '40', '2023-04-31'],
        [gifts, 5, '5', 'Ed', '50', '2024-02-29'],
      ],
      unstaged: [
        [gifts, 1, /gift_date: '2023-02-30' is not a date/],
        [gifts, 2, /gift_date: '0000-00-00' is not a date/],
        [gifts, 3, /gift_date: '2023-13-01' is not a date/],
        [gifts, 4, /gift_date: '2023-04-31' is not a date/],
      ],
      staged: 1,
    },
  },
  {
    name: 'extreme_dates',
    kind: 'dates',
    what: '9999-12-31, 1850-01-01 and 0001-01-01 are real dates: typed as they are (range rules belong in quality_rules.yaml)',
    expect: {
      outcome: 'lands',
      records: 3,
      raw: [
        [gifts, 1, '1', 'Ann', '10', '9999-12-31'],
        [gifts, 2, '2', 'Bob', '20', '1850-01-01'],
        [gifts, 3, '3', 'Cy', '30', '0001-01-01'],
      ],
      staged: 3,
    },
    check: ({ staging }) => assert.deepEqual(staging.map((r) => r['gift_date']), ['9999-12-31', '1850-01-01', '0001-01-01']),
  },
];
