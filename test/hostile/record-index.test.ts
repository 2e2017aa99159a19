// The byte-level helpers of the landing's error paths (src/warehouse/duckdb/record-index.ts), on
// inputs the corpus cannot place precisely: an escape split across two read chunks, and the
// numbering of records around blank lines and quoted line breaks.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { indexRecords, lineOfRecord, lineText, mayHoldNul, mixedLineBreaks, recordOfLine, withUniformLineBreaks } from '../../src/warehouse/duckdb/record-index.js';
import { tempDir } from '../support/project.js';

const dir = tempDir('cpm-record-index-');
const file = (name: string, bytes: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const csv = { quote: '"', escape: '"', encoding: 'utf-8' } as const;

describe('record index', () => {
  it('finds a \\u0000 escape that straddles two 1 MiB read chunks, and no false one', async () => {
    const before = '{"a":"' + 'x'.repeat((1 << 20) - 9);
    const split = file('split.jsonl', `${before}\\u0000"}\n`);
    assert.equal(Buffer.byteLength(`${before}\\u0`), 1 << 20, 'the first chunk ends inside the escape');
    assert.equal(await mayHoldNul(split, 'jsonl'), true);
    assert.equal(await mayHoldNul(file('clean.jsonl', `${before}\\u0001"}\n`), 'jsonl'), false);
    assert.equal(await mayHoldNul(file('nul.csv', Buffer.from('a\nb\u0000c\n')), 'csv'), true);
  });

  it('numbers records as the reader does: a quoted line break is no new record, blank lines are skipped', () => {
    const index = indexRecords(file('lines.csv', 'h1,h2\n1,"two\nlines"\n\n\n2,x\r\n3,y'), csv);
    assert.deepEqual(index.blank, [3, 4]);
    assert.deepEqual(index.physical, [1, 2, 4, 5, 6, 7]);
    assert.equal(recordOfLine(index, 5, 1, false), 2, 'line 5 is the second record after the header');
    assert.equal(lineOfRecord(index, 2, 1, false), 5);
    assert.equal(lineOfRecord(index, 3, 1, false), 6);
    assert.equal(lineText(index, 2, 'utf-8'), '1,"two\nlines"');
    assert.equal(mixedLineBreaks(index), true);
    assert.equal(withUniformLineBreaks(index).toString(), 'h1,h2\n1,"two\nlines"\n\n\n2,x\n3,y\n');
  });

  it('shows bytes that are not UTF-8 as \\xNN and keeps the rest', () => {
    const index = indexRecords(file('bad.csv', Buffer.from([0x61, 0xe9, 0x62, 0x0a, 0xe2, 0x9c, 0x93])), csv);
    assert.equal(lineText(index, 1, 'utf-8'), 'a\\xE9b');
    assert.equal(lineText(index, 2, 'utf-8'), '✓');
    assert.equal(lineText(index, 1, 'latin-1'), 'aéb');
  });
});
