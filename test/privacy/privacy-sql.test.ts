// The pieces privacy requests are built from: which columns of the example sources are personal,
// SHA-256 computed in the warehouse equal to Node's (the suppression list depends on it), email
// and phone normalisation on every engine, and the rewrite Spark needs for an UPDATE.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import { getDialect } from '../../src/dialect/registry.js';
import { packageRoot } from '../../src/project/init.js';
import { canonicalEmailSql, canonicalPhoneSql, loadEmailRules, sha256Hex } from '../../src/privacy/normalized-values.js';
import { streamPrivacy } from '../../src/privacy/stream-privacy.js';
import { DuckDbWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { PostgresWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { makeProject } from '../support/project.js';

// A project with the example config (config/ of the package).
const project = makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }) });
const rules = loadEmailRules(join(packageRoot, 'config'));

describe('personal columns of the example sources (config/sources.yaml)', () => {
  const streams = new Map(streamPrivacy(getDialect('duckdb'), project.sources).map((s) => [`${s.source}.${s.stream}`, s]));
  const personal = (name: string) => streams.get(name)?.personalColumns;
  const records = (name: string) => streams.get(name)?.recordColumns.map((c) => c.target);

  it('person fields, split full names and `personal: true` columns; never the record id', () => {
    assert.deepEqual(personal('wbez_donations.donors'), ['FirstName', 'MiddleName', 'LastName', 'Suffix', 'AddressLine1', 'AddressLine2', 'City', 'State', 'Zip', 'Phone', 'Email', 'BirthDate']);
    assert.deepEqual(personal('suntimes_subscriptions.subscribers'), ['account_name', 'email', 'phone', 'service_address', 'city', 'state', 'zip_code']);
    assert.deepEqual(personal('event_tickets.orders'), ['Buyer Name', 'Buyer Email']);
    assert.deepEqual(personal('web_analytics.users'), ['email', 'display_name', 'first_name', 'last_name']);
    assert.deepEqual(personal('web_analytics.sessions'), ['cookie_id']);
    assert.deepEqual(personal('wbez_donations.gifts'), [], 'a gift holds no personal column: it stays in raw as it is');
  });

  it('rows name their person record through the person and events mappings', () => {
    assert.deepEqual(records('wbez_donations.donors'), ['donor_id']);
    assert.deepEqual(records('wbez_donations.gifts'), ['donor_id']);
    assert.deepEqual(records('event_tickets.orders'), ['order_id']);
    assert.deepEqual(records('web_analytics.sessions'), ['user_id']);
  });
});

describe('the UPDATE of a redaction on Spark is a rewrite (Delta takes no subquery in UPDATE)', () => {
  it('assigns only where the condition holds', () => {
    const sql = getDialect('databricks').updateWhere('`raw`.`t`', ['a', 'b'], [['a', "'[erased]'"]], 'b IN (SELECT x FROM y)');
    assert.equal(sql, "INSERT OVERWRITE TABLE `raw`.`t` SELECT CASE WHEN (b IN (SELECT x FROM y)) IS TRUE THEN '[erased]' ELSE `a` END AS `a`, `b` FROM `raw`.`t`");
    assert.equal(getDialect('postgres').updateWhere('raw.t', ['a', 'b'], [['a', "'x'"]], 'b = 1'), `UPDATE raw.t SET "a" = 'x' WHERE b = 1`);
  });
});

const hashInputs = ['abc', '', 'wbez_donations:D-100001', 'José Zoë 王 🙂', 'x'.repeat(300)];
const emailCases: [string | null, string | null][] = [
  [' J.Smith+News@GMail.com ', 'jsmith@gmail.com'],
  ['j.smith@googlemail.com', 'jsmith@gmail.com'],
  ['John.Doe+x@outlook.com', 'john.doe@outlook.com'],
  ['a.b+c@yahoo.com', 'a.b+c@yahoo.com'],
  ['someone@me.com', 'someone@icloud.com'],
  ['INFO@Example.ORG', 'info@example.org'],
  ['not an email', null],
  ['two@@at.com', null],
  ['', null],
  [null, null],
];
const phoneCases: [string | null, string | null][] = [
  ['(312) 555-0199', '+13125550199'],
  ['1-312-555-0199 ext. 12', '+13125550199'],
  ['+1 312 555 0199', '+13125550199'],
  ['555-0199', null],
  ['(012) 555-0199', null],
  [null, null],
];

for (const engine of engines) {
  describe(`privacy SQL on ${engine.name}`, { skip: engine.skip }, () => {
    let wh: Warehouse;
    before(async () => (wh = engine.name === 'duckdb' ? await DuckDbWarehouse.open(':memory:') : await PostgresWarehouse.open(process.env['CPM_TEST_POSTGRES_URL']!)));
    after(async () => wh.close());
    const each = async (expr: (x: string) => string, inputs: (string | null)[]) => {
      const d = wh.dialect;
      const rows = inputs.map((v, i) => `SELECT ${i} AS i, ${d.cast(d.literal(v), 'text')} AS x`).join(' UNION ALL ');
      return (await wh.query(`SELECT i, ${expr('x')} AS v FROM (${rows}) AS t ORDER BY i`)).map((r) => r['v']);
    };

    it("sha256 equals Node's over UTF-8, and NULL stays NULL", async () => {
      assert.deepEqual(await each((x) => wh.dialect.sha256(x), [...hashInputs, null]), [...hashInputs.map(sha256Hex), null]);
    });

    it('emails normalise as identity resolution normalises them', async () => {
      assert.deepEqual(await each((x) => canonicalEmailSql(wh.dialect, x, rules), emailCases.map(([v]) => v)), emailCases.map(([, e]) => e));
    });

    it('phones normalise to +1 and ten digits', async () => {
      assert.deepEqual(await each((x) => canonicalPhoneSql(wh.dialect, x), phoneCases.map(([v]) => v)), phoneCases.map(([, e]) => e));
    });
  });
}
