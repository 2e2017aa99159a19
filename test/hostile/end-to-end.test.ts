// The Unicode, SQL-looking and formula-looking names of the corpus through the whole pipeline
// with `cpm run`: they reach golden.constituents as the people wrote them, and nothing ran as SQL.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProject } from '../../src/config/project.js';
import { packageRoot } from '../../src/project/init.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import { cpm } from '../support/run-cli.js';
import { corpus } from './corpus.js';
import { hostileProject } from './hostile-project.js';

const names = ['unicode_names', 'sql_injection_values', 'formula_values'];
const people = corpus
  .filter((c) => names.includes(c.name))
  .map((c) => ({ ...c, stream: { ...c.stream, split_name: { source: 'name' }, person: { record_id: 'id', fields: { first_name: 'first_name', last_name: 'last_name', full_name: 'name' } } } }));

describe('hostile names end to end (cpm run on DuckDB)', () => {
  it('reach golden.constituents unchanged, and every table is still there', async () => {
    const dir = hostileProject(people, { type: 'duckdb' } as never);
    for (const f of ['identity.yaml', 'seeds']) cpSync(join(packageRoot, 'config', f), join(dir, 'config', f), { recursive: true });
    const r = cpm(['run', '--project', dir, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const wh = await openWarehouse(loadProject(dir));
    try {
      const golden = await wh.query('SELECT canonical_first_name AS f, canonical_last_name AS l FROM golden.constituents');
      assert.equal(golden.length, 19, 'one constituent per record: none of them share an identifier');
      const pairs = new Set(golden.map((g) => JSON.stringify([g['f'], g['l']])));
      for (const pair of [
        ['José', 'Martínez'],
        ['Zoë', 'Ångström'],
        ['Zoe\u0308', '(combining)'],
        ['王小明', null],
        ['👩\u200d👩\u200d👧', 'Family'],
        ['محمد', 'علي'],
        ['שרה', 'לוי'],
        ['a\u200db\u200cc\u200bd', null],
        ['\u202eevil\u202c', null],
        ['=HYPERLINK("http://x","y")', null],
        ["+cmd|'", "calc'!A0"],
        ['@SUM(1)', null],
        ["';", '--'],
        ["Robert');", 'staging.events;--'],
      ]) {
        assert.ok(pairs.has(JSON.stringify(pair)), `golden holds ${JSON.stringify(pair)}: ${[...pairs].join(' ')}`);
      }
      for (const table of ['sql_injection_values__gifts', 'formula_values__gifts']) {
        assert.ok(await wh.tableExists({ schema: 'raw', name: table }), table);
        assert.ok(await wh.tableExists({ schema: 'staging', name: table }), table);
      }
      assert.ok(await wh.tableExists({ schema: 'staging', name: 'events' }));
      const [batches] = await wh.query("SELECT COUNT(*) AS n FROM meta.batches WHERE status = 'loaded'");
      assert.equal(Number(batches!['n']), 3);
    } finally {
      await wh.close();
    }
  });
});
