// The Snowflake dialect and warehouse on the emulator (fakesnow, started by test/run.ts as
// CPM_TEST_SNOWFLAKE): every portable function gives DuckDB's values, the bulk load keeps quotes,
// newlines and UTF-8, MERGE upserts, and a CLONE snapshot restores a table. Then a small world
// runs through the whole pipeline with the statement log on, and every statement it sent, plus
// the time-travel statements the emulator cannot run, must parse with sqlglot's Snowflake grammar.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SnowflakeWarehouseConfig } from '../../src/config/project-schema.js';
import { csvOptionsSchema } from '../../src/config/sources-schema.js';
import type { Dialect } from '../../src/dialect/dialect.js';
import { SnowflakeDialect } from '../../src/dialect/snowflake/snowflake-dialect.js';
import { ensureRawTable } from '../../src/pipeline/raw-tables.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import { DuckDbWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { SnowflakeWarehouse } from '../../src/warehouse/snowflake/snowflake-warehouse.js';
import type { FileLanding, Row, Warehouse } from '../../src/warehouse/warehouse.js';
import { inRun, makeProject, tempDir } from '../support/project.js';
import { freshSnowflakeWarehouse, snowflakeTestUrl } from '../support/snowflake-engine.js';
import { sqlglotMissing, sqlglotProblems } from '../support/sqlglot.js';

const skip = snowflakeTestUrl ? false : 'CPM_TEST_SNOWFLAKE is not set (npm test starts fakesnow when .ci/install-fakesnow.sh has installed it)';

let sf: SnowflakeWarehouse;
let duck: DuckDbWarehouse;

/** The same SELECT, written by each engine's dialect, on both engines; rows in the SELECT's order. */
async function both(sql: (d: Dialect) => string): Promise<[Row[], Row[]]> {
  return [await duck.query(sql(duck.dialect)), await sf.query(sql(sf.dialect))];
}

/** A VALUES-like row source of text inputs `s` with their position `i`, in any dialect. */
function inputs(d: Dialect, values: Array<string | null>): string {
  return values.map((v, i) => `SELECT ${i} AS i, CAST(${d.literal(v)} AS ${d.type('text')}) AS s`).join(' UNION ALL ');
}

/** One expression of `s` over every input, on both engines. */
async function sameValues(values: Array<string | null>, expr: (d: Dialect) => string): Promise<void> {
  const [d, s] = await both((x) => `SELECT i, ${expr(x)} AS v FROM (${inputs(x, values)}) AS t ORDER BY i`);
  assert.deepEqual(
    s.map((r) => [values[Number(r['i'])], r['v']]),
    d.map((r) => [values[Number(r['i'])], r['v']]),
  );
}

describe('the Snowflake dialect and warehouse on the emulator', { skip }, () => {
  before(async () => {
    sf = await SnowflakeWarehouse.open((await freshSnowflakeWarehouse()) as SnowflakeWarehouseConfig, {});
    duck = await DuckDbWarehouse.open(':memory:');
  });
  after(async () => {
    await sf?.close();
    await duck?.close();
  });

  const names = ['Robert', 'Rupert', 'Ashcraft', 'Tymczak', 'Pfister', 'Honeyman', 'Lloyd', 'Wu', "O'Brien", 'van der Berg', 'Zoë', 'Hwang', 'Schmidt', 'A', '123', '', null];

  it('SOUNDEX: American Soundex of the ASCII letters, NULL without one', () => sameValues(names, (d) => d.soundex('s')));

  it('splitToRows: one row per token with its 1-based position; repeated delimiters give empty tokens', async () => {
    const values = ['a  b', 'one', ' lead', 'trail ', '400 West Lake Street Apt 2', '', null];
    const [d, s] = await both((x) => `SELECT t.i, w.token, w.pos FROM (${inputs(x, values)}) AS t, ${x.splitToRows('t.s', ' ', 'w')} ORDER BY t.i, w.pos`);
    assert.deepEqual(s, d);
    assert.equal(s.length, 3 + 1 + 2 + 2 + 6);
  });

  it('stringAgg: ordered, NULLs skipped, NULL for a group without a value', async () => {
    const values = ['c', null, 'a', 'b'];
    const [d, s] = await both(
      (x) => `SELECT g, ${x.stringAgg('t.s', ' ', 't.i DESC')} AS v FROM (SELECT i, s, i % 2 AS g FROM (${inputs(x, values)}) AS u
        UNION ALL SELECT 9, NULL, 5) AS t GROUP BY g ORDER BY g`,
    );
    assert.deepEqual(s, d);
    assert.deepEqual(s.map((r) => r['v']), ['a c', 'b', null]);
  });

  it('jsonObject: numbers, booleans, text and null keep their JSON types', async () => {
    const [d, s] = await both((x) => `SELECT ${x.jsonObject([['n', '1'], ['amount', `CAST(12.5 AS ${x.type('decimal')})`], ['flag', 'TRUE'], ['text', x.stringLiteral('Zoë "Q"')], ['none', 'NULL']])} AS j`);
    assert.deepEqual(JSON.parse(String(s[0]!['j'])), JSON.parse(String(d[0]!['j'])));
  });

  it('uuidFromText: the same lower-case UUID text', () => sameValues(['wbez_donations:D-1', 'x', ''], (d) => d.uuidFromText('s')));

  it('tryParseDate and tryParseTimestamp: the strftime formats, NULL when the text does not fit', async () => {
    await sameValues(['03/04/2024', '3/4/2024', '13/01/2024', '2024-03-04', 'x', '', null], (d) => d.tryParseDate('s', '%m/%d/%Y'));
    await sameValues(['2024-02-29', '2023-02-29', '2024-2-9', '20240229', null], (d) => d.tryParseDate('s', '%Y-%m-%d'));
    await sameValues(['2024-03-04T05:06:07Z', '2024-03-04 05:06:07', '2024-03-04T25:06:07Z'], (d) => d.tryParseTimestamp('s', '%Y-%m-%dT%H:%M:%SZ'));
    await sameValues(['2024-03-04 05:06:07', '2024-03-04 5:06:07', '2024-03-04'], (d) => d.tryParseTimestamp('s', '%Y-%m-%d %H:%M:%S'));
    await sameValues(['12/31/2023 23:59:59', '12/31/2023'], (d) => d.timestampToText(d.tryParseTimestamp('s', '%m/%d/%Y %H:%M:%S')));
  });

  it('regular expressions: search (not whole-text) matching, replace every match, extract a group', async () => {
    const values = ['(312) 555-0100', 'a+tag@example.com', 'x\ny 12', 'none', '', null];
    await sameValues(values, (d) => d.regexMatches('s', '[0-9]{3}'));
    await sameValues(values, (d) => d.regexMatches('s', '^[a-z]+$'));
    await sameValues(values, (d) => d.regexReplace('s', '[^0-9]', ''));
    await sameValues(values, (d) => d.regexReplace('s', '\\+.*@', '@'));
    await sameValues(values, (d) => d.regexExtract('s', '([0-9]+)-([0-9]+)', 2));
    await sameValues(values, (d) => d.regexExtract('s', '@(.*)$', 1));
  });

  it('tryCast, stripAccents, splitPart and md5', async () => {
    const values = ['12', '-7', '1e5', ' 12 ', '12.50', '.5', '99999999999999', 'Zoë Łukasz Ørsted', '', null];
    for (const t of ['integer', 'bigint', 'decimal', 'double'] as const) await sameValues(values, (d) => d.tryCast('s', t));
    await sameValues(values, (d) => d.stripAccents('s'));
    await sameValues(values, (d) => d.splitPart('s', ' ', 2));
    await sameValues(values, (d) => d.md5('s'));
  });

  it('dates: add, diff, trunc, parts and a day spine', async () => {
    const day = (d: Dialect) => `CAST(${d.stringLiteral('2024-01-31')} AS DATE)`;
    const other = (d: Dialect) => `CAST(${d.stringLiteral('2025-03-02')} AS DATE)`;
    const [d, s] = await both(
      (x) => `SELECT ${(['day', 'week', 'month', 'quarter', 'year'] as const).map((u) => `${x.cast(x.dateAdd(day(x), 3, u), 'date')} AS add_${u}, ${x.dateDiff(u, day(x), other(x))} AS diff_${u}, ${x.cast(x.dateTrunc(u, other(x)), 'date')} AS trunc_${u}`).join(', ')},
        ${(['iso_day_of_week', 'day_of_year', 'iso_week'] as const).map((p) => `${x.dayPart(p, other(x))} AS ${p}`).join(', ')}, ${x.datePart('quarter', other(x))} AS quarter`,
    );
    assert.deepEqual(s, d);
    const [ds, ss] = await both((x) => `SELECT * FROM (${x.dateSpine(day(x), `CAST(${x.stringLiteral('2024-03-02')} AS DATE)`, 'day')}) AS s ORDER BY 1`);
    assert.deepEqual(ss, ds);
    assert.equal(ss.length, 32);
  });

  // ASCII only: DuckDB compares UTF-8 bytes, Snowflake (and the emulator, upper-casing first)
  // does not (Zoë/Zoe: DuckDB 0.78, emulator 0.82). Identity strips accents before comparing.
  it("jaroWinkler: DuckDB's value rounded to two digits (Snowflake's integer 0..100), NULL for NULL or ''", async () => {
    const pairs: [string | null, string | null][] = [['MARTHA', 'marhta'], ['Dwayne', 'Duane'], ['Jonathan', 'Jon'], ['Margaret', 'Margarte'], ['abc', ''], [null, 'a']];
    const sql = (x: Dialect) => pairs.map(([a, b], i) => `SELECT ${i} AS i, ${x.jaroWinkler(`CAST(${x.literal(a)} AS ${x.type('text')})`, `CAST(${x.literal(b)} AS ${x.type('text')})`)} AS v`).join(' UNION ALL ') + ' ORDER BY i';
    const [d, s] = await both(sql);
    for (const [i, row] of d.entries()) {
      const [dv, sv] = [row['v'], s[i]!['v']];
      if (dv === null) assert.equal(sv, null, `${pairs[i]}`);
      else assert.ok(Math.abs(Number(sv) - Number(dv)) <= 0.005 + 1e-12, `${pairs[i]}: duckdb ${dv}, snowflake ${sv}`);
    }
  });

  it('bulk-loads a CSV with quotes, newlines, commas, backslashes and UTF-8 through a stage, like DuckDB', async () => {
    const dir = tempDir('cpm-sf-load-');
    const file = join(dir, 'people.csv');
    const rows = [
      ['id', 'Name', 'Note'],
      ['1', 'Zoë "Z" Ørsted', 'line one\nline two'],
      ['2', "O'Brien, Pat", 'C:\\temp\\N and \\N'],
      ['3', '', '   spaced   '],
      ['4', '日本語 😀', '"quoted"'],
      ['00123', 'zip-like id', ''],
    ];
    writeFileSync(file, rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join('\n') + '\n');
    const land = async (wh: Warehouse) => {
      const table = { schema: 'raw', name: 'test__people' };
      await wh.execute(wh.dialect.createSchema('raw'));
      const columns = await ensureRawTable(wh, table, rows[0]!);
      const spec: FileLanding = { table, files: [{ path: file, sourceFile: 'people.csv' }], format: 'csv', csv: csvOptionsSchema.parse({}), fileColumns: rows[0]!, columns, batchId: 7, loadedAt: '2024-05-01 10:00:00' };
      const result = await wh.landFiles(spec);
      const landed = await wh.query(`SELECT * FROM ${wh.dialect.table('raw', 'test__people')} ORDER BY ${wh.dialect.quoteIdent('_source_row')}`);
      return { result, landed };
    };
    const [d, s] = [await land(duck), await land(sf)];
    assert.equal(s.result.rows, 5);
    assert.deepEqual(s.result, d.result);
    assert.deepEqual(s.landed, d.landed);
  });

  it('MERGE updates matched rows and inserts the others', async () => {
    const run = async (wh: Warehouse) => {
      const d = wh.dialect;
      const target = d.table('raw', 'test_merge');
      await wh.execute(d.createTableAs(target, `SELECT 1 AS id, ${d.stringLiteral('old')} AS v UNION ALL SELECT 2, ${d.stringLiteral('keep')}`));
      await wh.execute(d.merge({ target, source: `SELECT 1 AS id, ${d.stringLiteral('new')} AS v UNION ALL SELECT 3, ${d.stringLiteral('added')}`, keys: ['id'], columns: ['id', 'v'] }));
      return wh.query(`SELECT id, v FROM ${target} ORDER BY id`);
    };
    const [d, s] = [await run(duck), await run(sf)];
    assert.deepEqual(s, d);
    assert.deepEqual(s, [{ id: 1, v: 'new' }, { id: 2, v: 'keep' }, { id: 3, v: 'added' }]);
  });

  it('snapshot and restore: a CLONE of the table puts it back after changes, again after a drop, until the clone goes', async () => {
    const d = sf.dialect;
    const ref = { schema: 'raw', name: 'test_rollback' };
    const table = d.table(ref.schema, ref.name);
    await sf.execute(d.createTableAs(table, `SELECT 1 AS id, ${d.stringLiteral('before')} AS v`));
    const snapshot = await sf.snapshot(ref, { schema: 'snapshots', name: 'test_rollback_1' });
    await sf.execute(`UPDATE ${table} SET v = 'after'`);
    await sf.execute(`INSERT INTO ${table} VALUES (2, 'added')`);
    await sf.restore(snapshot);
    assert.deepEqual(await sf.query(`SELECT id, v FROM ${table} ORDER BY id`), [{ id: 1, v: 'before' }]);
    assert.deepEqual((await sf.listTables('raw')).filter((t) => t.startsWith('test_rollback')), ['test_rollback']);
    await sf.execute(d.dropTable(table));
    await sf.restore(snapshot);
    assert.deepEqual(await sf.query(`SELECT id, v FROM ${table} ORDER BY id`), [{ id: 1, v: 'before' }]);
    await sf.execute(d.dropTable(d.table('snapshots', 'test_rollback_1')));
    await assert.rejects(sf.restore(snapshot), /is gone/);
  });

  it('values come back normalised: big integers as text, decimals, dates, timestamps, booleans', async () => {
    const [row] = await sf.query(
      `SELECT CAST('12345678901234567' AS NUMBER(38,0)) AS big, CAST(42 AS NUMBER(38,0)) AS n, CAST(12.5 AS NUMBER(14,2)) AS amount, CAST(0.25 AS DOUBLE) AS share,
        CAST('2024-02-29' AS DATE) AS day, CAST('2024-01-02 03:04:05.120' AS TIMESTAMP_NTZ) AS at, CAST('2024-01-02 03:04:05' AS TIMESTAMP_NTZ) AS at0, TRUE AS yes, CAST(NULL AS NUMBER(38,0)) AS nothing`,
    );
    assert.deepEqual(row, { big: '12345678901234567', n: 42, amount: 12.5, share: 0.25, day: '2024-02-29', at: '2024-01-02 03:04:05.12', at0: '2024-01-02 03:04:05', yes: true, nothing: null });
  });

  it('errors carry the Snowflake code, message and the statement', async () => {
    await assert.rejects(sf.query('SELECT * FROM "raw"."no_such_table"'), (e: Error) => /Snowflake error \d{6}/.test(e.message) && /in: SELECT \* FROM "raw"."no_such_table"/.test(e.message));
  });
});

describe('Snowflake grammar: what the pipeline sent to the emulator parses as Snowflake SQL', { skip: skip || sqlglotMissing() }, () => {
  it('every statement of a whole run, and the time-travel statements', async () => {
    const world = tempDir('cpm-sf-grammar-world-');
    await generateWorld({ scale: 150, seed: 5, outDir: world });
    const project = makeProject({ warehouse: await freshSnowflakeWarehouse() });
    cpSync(world, project.dataDir, { recursive: true, filter: (src) => !src.includes('/_truth') });
    const log = join(tempDir('cpm-sf-log-'), 'statements.jsonl');
    process.env['CPM_SQL_LOG'] = log;
    try {
      const run = await inRun(project, (ctx) => runPipeline(ctx));
      assert.ok(run.metrics && run.metrics.computed > 0, 'the whole pipeline ran');
    } finally {
      delete process.env['CPM_SQL_LOG'];
    }
    const statements = [...new Set(readFileSync(log, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { sql: string }).sql))];
    assert.ok(statements.length > 200, `${statements.length} statements logged`);
    const d = new SnowflakeDialect();
    const table = d.table('golden', 'constituents');
    const timeTravel = [
      d.tableVersion(table),
      d.restoreTable(table, '2026-06-30 12:00:00.000000000 +0000'),
      d.restoreTableToOffset(table, 3600),
      d.undropTable(table),
      ...d.cloneTable(table, d.table('snapshots', 'constituents_1')),
      d.swapTables(table, d.table('golden', 'constituents__next')),
    ];
    const items = [...statements, ...timeTravel].map((sql, i) => ({ name: `#${i}`, dialect: 'snowflake', sql }));
    const problems = sqlglotProblems(items).map((p) => `${items[Number(p.name.slice(1))]!.sql.slice(0, 200)}\n  -> ${p.error}`);
    assert.deepEqual(problems, []);
  });
});
