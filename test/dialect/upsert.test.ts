// Dialect.upsert must leave a table exactly as Dialect.merge would (DuckDB deletes and re-inserts
// instead of merging): new keys inserted, matched rows replaced only where updateWhen holds,
// composite keys, NULL keys (never matched, so inserted), and again the same when run twice.
// Checked on each engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MergeSpec } from '../../src/dialect/dialect.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import { inTransaction } from '../../src/warehouse/transaction.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { makeProject } from '../support/project.js';

const target = [
  [1, 'a', 10, 'kept: incoming is older'],
  [1, 'b', 10, 'replaced: incoming is newer'],
  [2, 'a', 10, 'replaced: same version'],
  [3, 'a', 10, 'untouched'],
];
const incoming = [
  [1, 'a', 5, 'older'],
  [1, 'b', 11, 'newer'],
  [2, 'a', 10, 'same version'],
  [4, 'a', 1, 'new key'],
  [null, 'a', 1, 'null key'],
];

for (const engine of engines) {
  describe(`upsert on ${engine.name}`, { skip: engine.skip }, () => {
    let wh: Warehouse;
    before(async () => {
      wh = await openWarehouse(makeProject({ warehouse: await engine.freshWarehouse() }));
    });
    after(() => wh?.close());

    const values = (rows: unknown[][]) =>
      rows.map(([id, part, version, note]) => `(${id === null ? 'CAST(NULL AS INTEGER)' : id}, '${part}', ${version}, '${note}')`).join(', ');

    async function build(name: string): Promise<{ table: string; spec: MergeSpec }> {
      const d = wh.dialect;
      await wh.execute(d.createSchema('upsert_test'));
      const table = d.table('upsert_test', name);
      await wh.execute(d.createTableAs(table, `SELECT * FROM (VALUES ${values(target)}) AS v(id, part, version, note)`, true));
      const source = `SELECT * FROM (VALUES ${values(incoming)}) AS v(id, part, version, note)`;
      return { table, spec: { target: table, source, keys: ['id', 'part'], columns: ['id', 'part', 'version', 'note'], updateWhen: 's.version >= t.version' } };
    }
    const contents = (table: string) => wh.query(`SELECT id, part, version, note FROM ${table} ORDER BY id NULLS LAST, part`);

    it('leaves the table as MERGE does, also when run twice', async () => {
      const merged = await build('merged');
      await wh.execute(wh.dialect.merge(merged.spec));
      const upserted = await build('upserted');
      await inTransaction(wh, wh.dialect.upsert(upserted.spec));
      const expected = await contents(merged.table);
      assert.deepEqual(
        expected.map((r) => r['note']),
        ['kept: incoming is older', 'newer', 'same version', 'untouched', 'new key', 'null key'],
      );
      assert.deepEqual(await contents(upserted.table), expected);
      await wh.execute(wh.dialect.merge(merged.spec));
      await inTransaction(wh, wh.dialect.upsert(upserted.spec));
      assert.equal((await contents(merged.table)).length, expected.length + 1, 'a NULL key is inserted again');
      assert.deepEqual(await contents(upserted.table), await contents(merged.table));
    });
  });
}
