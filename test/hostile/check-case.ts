// Asserts what a landed hostile-input case left in the warehouse: raw rows with their exact text,
// the records quarantined at parse time (reason and original text) and at staging (reason), the
// staging row count, and the accounting that loses nothing: records in the files = rows landed +
// rows rejected, in raw, in quality.quarantine and in meta.batch_files alike.
import assert from 'node:assert/strict';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { rawColumns } from './corpus.js';
import type { DataCase, Expect } from './corpus-types.js';

type Landed = Exclude<Expect, { outcome: 'error' }>;

export async function checkLandedCase(wh: Warehouse, c: DataCase, e: Landed): Promise<void> {
  const d = wh.dialect;
  const q = (s: string) => d.quoteIdent(s);
  const lit = (s: string) => d.stringLiteral(s);
  const file = (f: unknown) => String(f).replace(`${c.name}/`, '');
  const columns = rawColumns(c);
  const select = e.raw ? ['_source_file', '_source_row', ...columns].map(q).join(', ') : '*';
  const raw = await wh.query(`SELECT ${select} FROM ${d.table('raw', `${c.name}__gifts`)} ORDER BY ${q('_source_file')}, ${q('_source_row')}`);
  if (e.raw) {
    assert.deepEqual(
      raw.map((r) => [file(r['_source_file']), Number(r['_source_row']), ...columns.map((k) => r[k] ?? null)]),
      e.raw,
      `${c.name}: raw rows (text exactly as in the file)`,
    );
  }

  const quarantine = await wh.query(
    `SELECT layer, source_file, source_row, reason, record FROM ${d.table('quality', 'quarantine')} WHERE source = ${lit(c.name)} ORDER BY layer, source_file, source_row`,
  );
  const rejected = quarantine.filter((r) => r['layer'] === 'raw');
  const expected = e.rejected ?? [];
  assert.deepEqual(
    rejected.map((r) => [file(r['source_file']), Number(r['source_row'])]),
    expected.map(([f, row]) => [f, row]),
    `${c.name}: records rejected at parse time: ${JSON.stringify(rejected.map((r) => r['reason']))}`,
  );
  rejected.forEach((r, i) => {
    const [, , reason, record] = expected[i]!;
    assert.match(String(r['reason']), reason, `${c.name}: reason of rejected row ${String(r['source_row'])}`);
    assert.equal(r['record'], record, `${c.name}: quarantine keeps the original text of row ${String(r['source_row'])}`);
  });
  const unstaged = quarantine.filter((r) => r['layer'] === 'staging');
  assert.deepEqual(
    unstaged.map((r) => [file(r['source_file']), Number(r['source_row'])]),
    (e.unstaged ?? []).map(([f, row]) => [f, row]),
    `${c.name}: rows staging quarantined: ${JSON.stringify(unstaged.map((r) => r['reason']))}`,
  );
  unstaged.forEach((r, i) => assert.match(String(r['reason']), e.unstaged![i]![2], `${c.name}: staging reason`));

  // Nothing silently dropped: every record either landed or was rejected, each under its own row.
  assert.equal(raw.length + rejected.length, e.records, `${c.name}: rows landed + rows rejected = records in the file(s)`);
  const places = [...raw.map((r) => `${String(r['_source_file'])}:${String(r['_source_row'])}`), ...rejected.map((r) => `${String(r['source_file'])}:${String(r['source_row'])}`)];
  assert.equal(new Set(places).size, places.length, `${c.name}: no two records share a file and row`);
  const [batches] = await wh.query(
    `SELECT COALESCE(SUM(f.rows_landed), 0) AS landed, COALESCE(SUM(f.rows_rejected), 0) AS rejected FROM ${d.table('meta', 'batch_files')} AS f ` +
      `JOIN ${d.table('meta', 'batches')} AS b ON b.batch_id = f.batch_id WHERE b.source = ${lit(c.name)} AND b.status = 'loaded'`,
  );
  assert.deepEqual([Number(batches!['landed']), Number(batches!['rejected'])], [raw.length, rejected.length], `${c.name}: meta.batch_files agrees`);

  const staging = await wh.query(`SELECT * FROM ${d.table('staging', `${c.name}__gifts`)} ORDER BY ${q('id')}`);
  assert.equal(staging.length, e.staged, `${c.name}: rows in staging`);
  c.check?.({ raw, staging });
}

/** An input error: nothing of the case landed, and no batch was left half done. */
export async function checkNothingLanded(wh: Warehouse, c: DataCase): Promise<void> {
  const d = wh.dialect;
  const [batches] = await wh.query(`SELECT COUNT(*) AS n FROM ${d.table('meta', 'batches')} WHERE source = ${d.stringLiteral(c.name)}`);
  assert.equal(Number(batches!['n']), 0, `${c.name}: no batch registered`);
  if (await wh.tableExists({ schema: 'raw', name: `${c.name}__gifts` })) {
    const [rows] = await wh.query(`SELECT COUNT(*) AS n FROM ${d.table('raw', `${c.name}__gifts`)}`);
    assert.equal(Number(rows!['n']), 0, `${c.name}: nothing landed`);
  }
}
