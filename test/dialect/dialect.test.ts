// Each dialect's SQL is pinned, then the same expressions run on every available engine and
// must give the same values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnsupportedByDialectError } from '../../src/dialect/base-dialect.js';
import type { Dialect } from '../../src/dialect/dialect.js';
import { strftimeToPostgres } from '../../src/dialect/postgres/formats.js';
import { strftimeToRegex } from '../../src/dialect/strftime.js';
import { getDialect } from '../../src/dialect/registry.js';
import { DuckDbWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { PostgresWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { pinnedSqlTests } from '../support/pinned-sql.js';

describe('strftime formats on PostgreSQL', () => {
  it('maps directives and quotes literal letters', () => {
    assert.equal(strftimeToPostgres('%m/%d/%Y %H:%M:%S'), 'MM/DD/YYYY HH24:MI:SS');
    assert.equal(strftimeToPostgres('%Y-%m-%dT%H:%M:%SZ'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
    assert.equal(strftimeToRegex('%d.%m.%Y'), '^[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}$');
  });
  it('rejects directives it cannot honour, naming them', () => {
    assert.throws(() => strftimeToPostgres('%j'), /%j is not supported/);
  });
});

const pinned: Record<string, (d: Dialect) => string> = {
  table: (d) => d.table('staging', 'person_records'),
  quote: (d) => d.quoteIdent('E-mail "x"'),
  tryParseDate: (d) => d.tryParseDate('x', '%m/%d/%Y'),
  dateAdd: (d) => d.dateAdd('d', -12, 'month'),
  dateDiff: (d) => d.dateDiff('day', 'a', 'b'),
  regexExtract: (d) => d.regexExtract('x', '^(\\S+)', 1),
  createTableAs: (d) => d.createTableAs('t', 'SELECT 1'),
  merge: (d) => d.merge({ target: 't', source: 'SELECT 1 AS id, 2 AS v', keys: ['id'], columns: ['id', 'v'], updateWhen: 's.v > t.v' }),
};

const expectedSql: Record<string, Record<string, string>> = {
  duckdb: {
    table: '"staging"."person_records"',
    quote: '"E-mail ""x"""',
    tryParseDate: "CAST(TRY_STRPTIME(x, '%m/%d/%Y') AS DATE)",
    dateAdd: '(d + INTERVAL (-12) MONTH)',
    dateDiff: "DATE_DIFF('day', a, b)",
    regexExtract: "NULLIF(REGEXP_EXTRACT(x, '^(\\S+)', 1), '')",
    createTableAs: 'CREATE OR REPLACE TABLE t AS SELECT 1',
    merge:
      'MERGE INTO t AS t\nUSING (SELECT 1 AS id, 2 AS v) AS s\nON t."id" = s."id"\nWHEN MATCHED AND (s.v > t.v) THEN UPDATE SET "v" = s."v"\nWHEN NOT MATCHED THEN INSERT ("id", "v") VALUES (s."id", s."v")',
  },
  postgres: {
    table: '"staging"."person_records"',
    quote: '"E-mail ""x"""',
    tryParseDate: "CAST(cpm_try_timestamp(x, 'MM/DD/YYYY', '^[0-9]{1,2}\\/[0-9]{1,2}\\/[0-9]{4}$') AS DATE)",
    dateAdd: "(d + (-12) * INTERVAL '1 month')",
    dateDiff: "cpm_date_diff('day', CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP))",
    regexExtract: "NULLIF((REGEXP_MATCH(x, '^(\\S+)'))[1], '')",
    createTableAs: 'DROP TABLE IF EXISTS t CASCADE;\nCREATE TABLE t AS SELECT 1;\nANALYZE t',
    merge:
      'MERGE INTO t AS t\nUSING (SELECT 1 AS id, 2 AS v) AS s\nON t."id" = s."id"\nWHEN MATCHED AND (s.v > t.v) THEN UPDATE SET "v" = s."v"\nWHEN NOT MATCHED THEN INSERT ("id", "v") VALUES (s."id", s."v")',
  },
};

describe('generated SQL is pinned per dialect', () => {
  pinnedSqlTests(pinned, expectedSql);
  it('a hook a dialect lacks fails with an error naming the dialect', () => {
    assert.throws(() => getDialect('postgres').tryCast('x', 'date'), (e: unknown) => e instanceof UnsupportedByDialectError && /postgres dialect/.test(e.message));
  });
});

/** Input in column x -> expression -> expected value, identical on every engine. Inputs come
 * from a column, not a literal: PostgreSQL folds constants at plan time, as staging never does. */
const cases: [string, string | null, (d: Dialect) => string, unknown][] = [
  ['US date', '2/3/2020', (d) => d.tryParseDate('x', '%m/%d/%Y'), '2020-02-03'],
  ['impossible date', '02/30/2020', (d) => d.tryParseDate('x', '%m/%d/%Y'), null],
  ['month 13', '13/01/2020', (d) => d.tryParseDate('x', '%m/%d/%Y'), null],
  ['trailing text', '01/02/2020x', (d) => d.tryParseDate('x', '%m/%d/%Y'), null],
  ['ISO timestamp with T and Z', '2024-01-10T12:34:56Z', (d) => d.timestampToText(d.tryParseTimestamp('x', '%Y-%m-%dT%H:%M:%SZ')), '2024-01-10 12:34:56'],
  ['12-hour clock', '03/04/2024 07:05 PM', (d) => d.timestampToText(d.tryParseTimestamp('x', '%m/%d/%Y %I:%M %p')), '2024-03-04 19:05:00'],
  ['decimal', '12.50', (d) => d.tryCast('x', 'decimal'), 12.5],
  ['scientific notation is not a decimal', '1e5', (d) => d.tryCast('x', 'decimal'), null],
  ['integer', '-42', (d) => d.tryCast('x', 'integer'), -42],
  ['integer with a point', '4.0', (d) => d.tryCast('x', 'integer'), null],
  ['regex group', 'Robert Smith', (d) => d.regexExtract('x', '^(\\S+)', 1), 'Robert'],
  ['regex no match is NULL', 'Robert', (d) => d.regexExtract('x', '\\s(\\S+)$', 1), null],
  ['case-insensitive suffix', 'John Smith JR.', (d) => d.regexExtract('x', '(?i)[ ,]+(jr|sr)[.]?$', 1), 'JR'],
  ['month difference counts boundaries', null, (d) => d.dateDiff('month', "DATE '2024-01-31'", "DATE '2024-02-01'"), 1],
  ['day difference', null, (d) => d.dateDiff('day', "DATE '2024-02-28'", "DATE '2024-03-01'"), 2],
  ['md5', 'abc', (d) => d.md5('x'), '900150983cd24fb0d6963f7d28e17f72'],
];

async function open(name: string): Promise<Warehouse | undefined> {
  if (name === 'duckdb') return DuckDbWarehouse.open(':memory:');
  const url = process.env['CPM_TEST_POSTGRES_URL'];
  return url ? PostgresWarehouse.open(url) : undefined;
}

for (const engine of engines) {
  describe(`expressions on ${engine.name}`, { skip: engine.skip }, () => {
    it('give the same values as on every other engine', async () => {
      const wh = (await open(engine.name))!;
      try {
        const d = wh.dialect;
        for (const [label, input, build, expected] of cases) {
          const [row] = await wh.query(`SELECT ${build(d)} AS v FROM (SELECT ${d.cast(d.literal(input), 'text')} AS x) AS input`);
          assert.deepEqual(row?.['v'], expected, `${engine.name}: ${label}`);
        }
      } finally {
        await wh.close();
      }
    });
  });
}

describe('date parsing on PostgreSQL inside a parallel query', { skip: engines[1]!.skip }, () => {
  // cpm_try_timestamp catches bad dates with an EXCEPTION block (a subtransaction), which no
  // process of a parallel query may open: marked anything but PARALLEL UNSAFE, large staging
  // loads failed with "cannot start subtransactions during a parallel operation".
  it('parses in a query the planner runs in parallel mode', async () => {
    const wh = (await open('postgres'))!;
    try {
      const d = wh.dialect;
      const [version] = await wh.query('SELECT current_setting(\'server_version_num\')::int AS v');
      await wh.execute(`SET ${Number(version?.['v']) >= 160000 ? 'debug_parallel_query' : 'force_parallel_mode'} = on`);
      await wh.execute(d.createTempTableAs('cpm_dates', "SELECT CASE WHEN i % 10 = 0 THEN '2024-02-30' ELSE '2024-01-' || LPAD(CAST(i % 28 + 1 AS TEXT), 2, '0') END AS x FROM generate_series(1, 5000) AS g (i)"));
      const [row] = await wh.query(`SELECT COUNT(${d.tryParseTimestamp('x', '%Y-%m-%d')}) AS n FROM cpm_dates`);
      assert.equal(Number(row?.['n']), 4500, 'every date but the impossible February 30');
    } finally {
      await wh.close();
    }
  });
});
