// Huge fields and many columns, generated at test time.
import assert from 'node:assert/strict';
import { type DataCase, gifts } from './shared.js';

/** A long free-text value with what makes CSV hard: quotes, delimiters, line breaks, non-ASCII. */
function bigText(bytes: number): string {
  const piece = 'Zoë said "call me, later"\r\nthen left; 王小明 waved. ';
  return piece.repeat(Math.ceil(bytes / Buffer.byteLength(piece))).slice(0, bytes);
}

function hugeField(bytes: number): Pick<DataCase, 'generate' | 'check' | 'expect'> {
  const text = bigText(bytes);
  return {
    generate: () => ({ [gifts]: Buffer.from(`id,name,amount,gift_date\n1,"${text.replaceAll('"', '""')}",10,2023-01-01\n2,Bob,20,2023-01-02\n`) }),
    expect: { outcome: 'lands', records: 2, staged: 2 },
    check: ({ raw }) => {
      assert.equal(raw.length, 2);
      assert.ok(raw[0]!['name'] === text, `the ${bytes}-byte field lands whole (got ${String(raw[0]!['name']).length} characters)`);
      assert.equal(raw[1]!['name'], 'Bob');
    },
  };
}

function wide(columns: number): Pick<DataCase, 'generate' | 'check'> {
  const names = Array.from({ length: columns }, (_, i) => `c${String(i + 1).padStart(4, '0')}`);
  return {
    generate: () => ({ [gifts]: Buffer.from(`id,name,amount,gift_date,${names.join(',')}\n1,Ann,10,2023-01-01,${names.map((_, i) => `v${i + 1}`).join(',')}\n`) }),
    check: ({ raw }) => {
      assert.equal(raw.length, 1);
      assert.deepEqual(names.map((n) => raw[0]![n]), names.map((_, i) => `v${i + 1}`));
    },
  };
}


export const huge: DataCase[] = [
  { name: 'huge_field_1mb', kind: 'huge', what: 'a 1 MB quoted value with quotes, commas, CRLF and non-ASCII', ...hugeField(1 << 20) },
  { name: 'huge_field_10mb', kind: 'huge', what: 'a 10 MB value (above the reader default of 2 MB)', ...hugeField(10 << 20) },
  { name: 'huge_field_50mb', kind: 'huge', what: 'a 50 MB value', ...hugeField(50 << 20) },
  { name: 'many_columns', kind: 'huge', what: '1,204 columns', ...wide(1200), expect: { outcome: 'lands', records: 1, staged: 1 } },
  {
    name: 'too_wide_for_postgres',
    kind: 'huge',
    what: '1,604 columns: more than a PostgreSQL table holds',
    ...wide(1600),
    expect: { outcome: 'lands', records: 1, staged: 1 },
    on: { postgres: { outcome: 'error', code: 2, message: /too_wide_for_postgres\/gifts\.csv:1: the file has 1604 columns; a postgres table holds at most 1600[\s\S]*hint: split the export/ } },
  },
];
