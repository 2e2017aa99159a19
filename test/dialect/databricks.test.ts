// The Databricks / Spark SQL dialect and warehouse on a real Apache Spark 4.1 Thrift server with
// Delta Lake (CPM_TEST_SPARK=host:port; test/run.ts starts one when .ci/install-spark.sh has
// run). Every portable function is held to DuckDB's answer on the same inputs: Jaro-Winkler on
// thousands of generated name pairs, the other functions on their edge cases.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DatabricksWarehouseConfig } from '../../src/config/project-schema.js';
import type { Dialect } from '../../src/dialect/dialect.js';
import { inTransaction } from '../../src/warehouse/transaction.js';
import { DatabricksWarehouse } from '../../src/warehouse/databricks/databricks-warehouse.js';
import { DuckDbWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import type { Row, Warehouse } from '../../src/warehouse/warehouse.js';
import { strftimeToSpark, posixToJavaRegex, javaReplacement } from '../../src/dialect/databricks/spark-patterns.js';
import { splitStatements } from '../../src/warehouse/databricks/split-statements.js';
import { bigintValue, decimalValue } from '../../src/warehouse/databricks/spark-values.js';
import { pinnedSqlTests } from '../support/pinned-sql.js';
import { freshSparkWarehouse, sparkTestServer } from '../support/spark-engine.js';

// Name pairs -------------------------------------------------------------------------------

const names = [
  'robert', 'margaret', 'elizabeth', 'christopher', 'jonathan', 'katherine', 'michael', 'stephanie', 'nguyen', 'gutierrez',
  'schwarzenegger', "o'connor", 'fitzgerald', 'washington', 'li', 'ng', 'al', 'ava', 'zoë', 'josé', 'müller', 'øystein',
  'łukasz', 'björk', 'françois', 'renée', 'dvořák', 'straße', 'владимир', '日本語', 'van der berg', 'smith-jones', 'anne marie',
  'MacDonald', 'DWAYNE', 'Martha', '😀a', 'x',
];

/** A deterministic stream of pseudo-random numbers in [0, 1) (a 32-bit LCG). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Typo-like edits of names (swaps, drops, inserts, replacements, case), plus unrelated pairs. */
function namePairs(count: number): Array<[string | null, string | null]> {
  const r = random(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const letters = [...'abcdefghijklmnopqrstuvwxyzéøłßü'];
  const edit = (s: string): string => {
    const c = [...s];
    const i = Math.floor(r() * c.length);
    switch (Math.floor(r() * 6)) {
      case 0:
        if (i + 1 < c.length) [c[i], c[i + 1]] = [c[i + 1]!, c[i]!];
        break;
      case 1:
        c.splice(i, 1);
        break;
      case 2:
        c.splice(i, 0, pick(letters));
        break;
      case 3:
        c[i] = pick(letters);
        break;
      case 4:
        return s.toUpperCase();
      default:
        return pick(names);
    }
    return c.join('');
  };
  const pairs: Array<[string | null, string | null]> = [['', 'a'], ['a', ''], [null, 'a'], ['a', null], ['', ''], ['a', 'a'], ['a', 'b'], ['ab', 'ba']];
  while (pairs.length < count) {
    const a = pick(names);
    let b = a;
    for (let n = 1 + Math.floor(r() * 3); n > 0; n--) b = edit(b);
    pairs.push(r() < 0.5 ? [a, b] : [b, a]);
  }
  return pairs;
}

const csvField = (v: string | null) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);

// Helpers ----------------------------------------------------------------------------------

/** A VALUES table `t` of text columns plus its row number `i`, written for one dialect. */
function textTable(d: Dialect, columns: string[], rows: (string | null)[][]): string {
  const values = rows.map((r, i) => `(${[String(i), ...r.map((v) => d.literal(v))].join(', ')})`).join(',\n');
  const select = columns.map((c) => `${d.cast(c, 'text')} AS ${c}`).join(', ');
  return `(SELECT CAST(i AS INTEGER) AS i, ${select} FROM (VALUES ${values}) AS v(i, ${columns.join(', ')})) AS t`;
}

async function evaluate(wh: Warehouse, expr: (d: Dialect) => string, columns: string[], rows: (string | null)[][]): Promise<Row[string][]> {
  const result = await wh.query(`SELECT t.i, ${expr(wh.dialect)} AS v FROM ${textTable(wh.dialect, columns, rows)} ORDER BY t.i`);
  return result.map((r) => r['v']!);
}

const sparkConfig = async () => (await freshSparkWarehouse()) as DatabricksWarehouseConfig;

describe('Databricks dialect: generated SQL and the pure helpers', () => {
  pinnedSqlTests(
    {
      jaroWinkler: (d) => d.jaroWinkler('a.first_name', 'b.first_name'),
      soundex: (d) => d.soundex('x'),
      splitToRows: (d) => d.splitToRows('p.full_name', ' ', 'w'),
      jsonObject: (d) => d.jsonObject([['id', 'p.id'], ['name', 'p.name']]),
      uuidFromText: (d) => d.uuidFromText('k'),
      tryParseDate: (d) => d.tryParseDate('x', '%m/%d/%Y'),
      createTable: (d) => d.createTable('`raw`.`t`', [['Order #', 'text'], ['_batch_id', 'bigint']], true),
    },
    {
      databricks: {
        jaroWinkler: 'cpm_jaro_winkler(LOWER(a.first_name), LOWER(b.first_name))',
        soundex: "SOUNDEX(NULLIF(REGEXP_REPLACE(x, '[^A-Za-z]+', ''), ''))",
        splitToRows: "LATERAL INLINE(TRANSFORM(SPLIT(NULLIF(p.full_name, ''), ' ', -1), (x, i) -> NAMED_STRUCT('token', x, 'pos', CAST(i + 1 AS BIGINT)))) AS w",
        jsonObject: "TO_JSON(NAMED_STRUCT('id', p.id, 'name', p.name), MAP('ignoreNullFields', 'false'))",
        uuidFromText: "REGEXP_REPLACE(MD5(k), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '$1-$2-$3-$4-$5')",
        tryParseDate: "CAST(CASE WHEN (x RLIKE '^[0-9]{1,2}\\\\/[0-9]{1,2}\\\\/[0-9]{4}$') THEN TRY_TO_TIMESTAMP(x, 'M\\'/\\'d\\'/\\'yyyy') END AS DATE)",
        createTable:
          "CREATE TABLE IF NOT EXISTS `raw`.`t` (`Order #` STRING, `_batch_id` BIGINT) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')",
      },
    },
  );

  it('translates strftime formats, POSIX classes and \\N replacements into Spark/Java spellings', () => {
    assert.equal(strftimeToSpark('%Y-%m-%dT%H:%M:%SZ'), "yyyy'-'M'-'d'T'H':'m':'s'Z'");
    assert.equal(strftimeToSpark("%d %b %Y, o'clock %%"), "d' 'MMM' 'yyyy', o''clock %'");
    assert.throws(() => strftimeToSpark('%Q'), /%Q is not supported/);
    assert.equal(posixToJavaRegex('^[^@[:space:]]+[[:digit:]]$'), '^[^@\\s]+[0-9]$');
    assert.equal(javaReplacement('\\1 costs $5 \\ \\\\'), '$1 costs \\$5 \\\\ \\\\');
  });

  it('splits a script at the semicolons outside literals, names and comments', () => {
    const script = "SELECT 'a;b', `c;d` FROM t; -- x;y\nSELECT \"e\\\";f\" /* g;h */ ;\n;  SELECT 1";
    assert.deepEqual(splitStatements(script), ["SELECT 'a;b', `c;d` FROM t", '-- x;y\nSELECT "e\\";f" /* g;h */', 'SELECT 1']);
  });

  it('keeps BIGINT and DECIMAL values that a double cannot hold as text', () => {
    assert.equal(bigintValue(9007199254740991n), 9007199254740991);
    assert.equal(bigintValue(-9007199254740993n), '-9007199254740993');
    assert.equal(decimalValue('12.50'), 12.5);
    assert.equal(decimalValue('-0.00'), -0);
    assert.equal(decimalValue('0.0000001000'), 1e-7);
    assert.equal(decimalValue('12345678901234567890.12'), '12345678901234567890.12');
    assert.equal(decimalValue('0.10000000000000000001'), '0.10000000000000000001');
  });
});

describe('Databricks dialect and warehouse on Apache Spark with Delta Lake', { skip: sparkTestServer ? false : 'CPM_TEST_SPARK is not set' }, () => {
  let spark: DatabricksWarehouse;
  let duck: DuckDbWarehouse;
  let dir: string;
  before(async () => {
    spark = await DatabricksWarehouse.open(await sparkConfig(), process.env);
    duck = await DuckDbWarehouse.open(':memory:');
    dir = mkdtempSync(join(tmpdir(), 'cpm-spark-test-'));
  });
  after(async () => {
    await spark?.close();
    await duck?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same expression on both engines, each in its own dialect: the values must be equal. */
  async function agree(expr: (d: Dialect) => string, columns: string[], rows: (string | null)[][]): Promise<Row[string][]> {
    const [ours, reference] = await Promise.all([evaluate(spark, expr, columns, rows), evaluate(duck, expr, columns, rows)]);
    rows.forEach((r, i) => assert.deepEqual(ours[i], reference[i], `${JSON.stringify(r)}: Spark ${JSON.stringify(ours[i])}, DuckDB ${JSON.stringify(reference[i])}`));
    return ours;
  }

  it("jaroWinkler equals DuckDB's jaro_winkler_similarity(lower(a), lower(b)) on 6,000 name pairs, bit for bit", async () => {
    const pairs = namePairs(6000);
    const file = join(dir, 'pairs.csv');
    writeFileSync(file, `i,a,b\n${pairs.map(([a, b], i) => `${i},${csvField(a)},${csvField(b)}`).join('\n')}\n`);
    const literal = spark.dialect.stringLiteral(file);
    // The server reads the file itself (local mode); an unquoted empty field is NULL, "" is ''.
    await spark.execute(
      `CREATE OR REPLACE TEMPORARY VIEW cpm_jw_pairs (i INT, a STRING, b STRING) USING csv OPTIONS (path ${literal}, header 'true', quote '"', escape '"', nullValue '\\u0000', emptyValue '')`,
    );
    const ours = await spark.query(`SELECT i, ${spark.dialect.jaroWinkler('a', 'b')} AS v FROM cpm_jw_pairs ORDER BY i`);
    const reference = await duck.query(
      `SELECT i, CASE WHEN a <> '' AND b <> '' THEN jaro_winkler_similarity(lower(a), lower(b)) END AS v ` +
        `FROM read_csv(${duck.dialect.stringLiteral(file)}, header = true, quote = '"', escape = '"', columns = {'i': 'INTEGER', 'a': 'VARCHAR', 'b': 'VARCHAR'}) ORDER BY i`,
    );
    assert.equal(ours.length, pairs.length);
    const differ = ours.filter((r, i) => r['v'] !== reference[i]!['v']).map((r) => ({ pair: pairs[Number(r['i'])], spark: r['v'], duckdb: reference[Number(r['i'])]!['v'] }));
    assert.deepEqual(differ.slice(0, 10), [], `${differ.length} of ${pairs.length} pairs differ`);
    assert.ok(ours.filter((r) => typeof r['v'] === 'number' && r['v'] > 0 && r['v'] < 1).length > pairs.length / 2, 'most pairs are partial matches');
  });

  it('soundex gives American Soundex, NULL without an ASCII letter, as on DuckDB', async () => {
    const inputs = ['Robert', 'Rupert', 'Ashcraft', 'Tymczak', 'Pfister', 'Honeyman', 'Lee', "O'Brien", '  -Lee', 'Wu', 'Hwang', 'Ahb', 'Van der Berg', 'Bbbb', 'Bb-b', 'Müller', '', '1234', 'Ñ', null];
    const values = await agree((d) => d.soundex('x'), ['x'], inputs.map((x) => [x]));
    assert.deepEqual(values.slice(0, 3), ['R163', 'R163', 'A261']);
    assert.deepEqual(values.slice(-4), [null, null, null, null]);
  });

  it('splitToRows yields 1-based positions and keeps empty tokens; stringAgg joins them back in order', async () => {
    const inputs: [number, string | null][] = [[1, 'Mary Ann Smith'], [2, 'a  b'], [3, ' lead'], [4, 'trail '], [5, 'single'], [6, 'a.b'], [7, ''], [8, null]];
    const from = (d: Dialect) => `(SELECT CAST(id AS INTEGER) AS id, ${d.cast('x', 'text')} AS x FROM (VALUES ${inputs.map(([id, x]) => `(${id}, ${d.literal(x)})`).join(', ')}) AS v(id, x)) AS t, ${d.splitToRows('t.x', ' ', 'w')}`;
    const split = (wh: Warehouse) => wh.query(`SELECT t.id, w.token, w.pos FROM ${from(wh.dialect)} ORDER BY t.id, w.pos`);
    assert.deepEqual(await split(spark), await split(duck));
    const joined = (wh: Warehouse) =>
      wh.query(`SELECT t.id, ${wh.dialect.stringAgg('w.token', '|', 'w.pos DESC')} AS v, ${wh.dialect.stringAgg("CASE WHEN w.token <> '' THEN w.token END", ' ', 'w.pos')} AS kept FROM ${from(wh.dialect)} GROUP BY t.id ORDER BY t.id`);
    const ours = await joined(spark);
    assert.deepEqual(ours, await joined(duck));
    assert.deepEqual(ours[1], { id: 2, v: 'b||a', kept: 'a b' });
  });

  it('jsonObject, uuidFromText, tryCast and the regular expressions agree with DuckDB', async () => {
    const [json] = await spark.query(
      `SELECT ${spark.dialect.jsonObject([['int', 'CAST(42 AS INT)'], ['dec', "CAST('12.50' AS DECIMAL(14,2))"], ['yes', 'TRUE'], ['text', "'Say \"hi\" né'"], ['missing', 'CAST(NULL AS STRING)']])} AS v, ${spark.dialect.jsonObject([])} AS e`,
    );
    assert.deepEqual(JSON.parse(String(json!['v'])), { int: 42, dec: 12.5, yes: true, text: 'Say "hi" né', missing: null });
    assert.deepEqual(JSON.parse(String(json!['e'])), {});
    await agree((d) => d.uuidFromText('x'), ['x'], [['abc'], [''], ['Ünïcode ✓'], [null]]);
    const numbers = ['12', ' 12', '-7', '1e5', '12.50', '.5', '999999999999.99', '12345678901', 'abc', '', null];
    for (const t of ['integer', 'bigint', 'decimal', 'double'] as const) await agree((d) => d.tryCast('x', t), ['x'], numbers.map((x) => [x]));
    const texts = [' 60614-1234', 'Main St. #4', 'a@b.co', 'not an email', 'O’Brien Jr', '(312) 555-0100 x12', null];
    await agree((d) => d.regexExtract('x', '^[[:space:]]*([0-9]{5})', 1), ['x'], texts.map((x) => [x]));
    await agree((d) => d.regexMatches('x', '^[^@[:space:]]+@[^@[:space:]]+\\.[a-z]{2,}$'), ['x'], texts.map((x) => [x]));
    await agree((d) => d.regexReplace('x', '^(.*) (Jr|Sr)$', '\\1 ($2)'), ['x'], texts.map((x) => [x]));
    await agree((d) => d.regexReplace('LOWER(x)', '(x|ext|extension|#).*$', ''), ['x'], texts.map((x) => [x]));
  });

  it('dates: parsing with formats, arithmetic, calendar parts and the day spine agree with DuckDB', async () => {
    const dates = ['01/05/2024', '1/5/2024', '02/29/2024', '02/30/2023', '13/01/2024', '2024-01-05', '', null];
    await agree((d) => d.timestampToText(d.tryParseTimestamp('x', '%m/%d/%Y')), ['x'], dates.map((x) => [x]));
    await agree((d) => d.tryParseDate('x', '%m/%d/%Y'), ['x'], dates.map((x) => [x]));
    const stamps = ['2024-01-05T10:11:12Z', '2024-1-5T1:2:3Z', '2024-01-05 10:11:12', null];
    await agree((d) => d.timestampToText(d.tryParseTimestamp('x', '%Y-%m-%dT%H:%M:%SZ')), ['x'], stamps.map((x) => [x]));
    const days = ['2020-02-29', '2021-01-01', '2023-12-31', '2024-06-30'];
    const day = (d: Dialect) => d.cast('x', 'date');
    for (const unit of ['day', 'week', 'month', 'quarter', 'year'] as const) {
      await agree((d) => d.cast(d.dateAdd(day(d), -13, unit), 'date'), ['x'], days.map((x) => [x]));
      await agree((d) => d.dateDiff(unit, d.cast("'2019-11-17'", 'date'), day(d)), ['x'], days.map((x) => [x]));
    }
    for (const part of ['iso_day_of_week', 'day_of_year', 'iso_week'] as const) await agree((d) => d.dayPart(part, day(d)), ['x'], days.map((x) => [x]));
    await agree((d) => d.cast(d.dateTrunc('week', day(d)), 'date'), ['x'], days.map((x) => [x]));
    const spine = (wh: Warehouse, start: string, end: string) =>
      wh.query(`SELECT COUNT(*) AS n, MIN(d) AS lo, MAX(d) AS hi FROM (${wh.dialect.dateSpine(wh.dialect.cast(`'${start}'`, 'date'), wh.dialect.cast(`'${end}'`, 'date'), 'd')}) AS s`);
    assert.deepEqual(await spine(spark, '2024-02-27', '2024-03-02'), [{ n: 5, lo: '2024-02-27', hi: '2024-03-02' }]);
    assert.deepEqual(await spine(spark, '2024-03-02', '2024-02-27'), await spine(duck, '2024-03-02', '2024-02-27'));
  });

  it('returns values normalised: BIGINT and DECIMAL beyond a double as text, dates and timestamps as ISO text', async () => {
    const [row] = await spark.query(
      "SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(-5 AS BIGINT) AS small, CAST('12345678901234567890.12' AS DECIMAL(38,2)) AS wide, " +
        "CAST('12.50' AS DECIMAL(14,2)) AS dec, 0.1D AS dbl, DATE'2024-02-29' AS d, TIMESTAMP'2024-01-01 10:00:00' AS ts, TIMESTAMP'2024-01-01 10:00:00.250' AS frac, TRUE AS b, CAST(NULL AS STRING) AS n",
    );
    assert.deepEqual(row, { big: '9007199254740993', small: -5, wide: '12345678901234567890.12', dec: 12.5, dbl: 0.1, d: '2024-02-29', ts: '2024-01-01 10:00:00', frac: '2024-01-01 10:00:00.25', b: true, n: null });
  });

  it("errors carry Spark's message and the failing statement", async () => {
    await assert.rejects(spark.query('SELECT * FROM cpm_no_such_table'), (e: Error) => /TABLE_OR_VIEW_NOT_FOUND/.test(e.message) && /in statement: SELECT \* FROM cpm_no_such_table/.test(e.message));
    await assert.rejects(spark.query('SELECT 1 / 0'), /DIVIDE_BY_ZERO[\s\S]*in statement: SELECT 1 \/ 0/);
  });

  it('MERGE upserts a Delta table; session tables are private, replaceable and renamable', async () => {
    const d = spark.dialect;
    const t = d.table('cpm_dialect_test', 'people');
    await spark.execute(d.createSchema('cpm_dialect_test'));
    await spark.execute(d.createTable(t, [['id', 'integer'], ['Full Name', 'text'], ['n', 'bigint']]));
    await spark.execute(`INSERT INTO ${t} VALUES (1, 'Ann', 1), (2, 'Bob', 1)`);
    const source = "SELECT * FROM VALUES (2, 'Robert', 2), (3, 'Cy', 1), (1, 'Ann B', 0) AS s(id, `Full Name`, n)";
    await spark.execute(d.merge({ target: t, source, keys: ['id'], columns: ['id', 'Full Name', 'n'], updateWhen: 's.n > t.n' }));
    assert.deepEqual(await spark.query(`SELECT * FROM ${t} ORDER BY id`), [
      { id: 1, 'Full Name': 'Ann', n: 1 },
      { id: 2, 'Full Name': 'Robert', n: 2 },
      { id: 3, 'Full Name': 'Cy', n: 1 },
    ]);
    await spark.execute(d.createTempTableAs(d.quoteIdent('cpm_session_t'), 'SELECT 1 AS a'));
    await spark.execute(d.createTempTableAs(d.quoteIdent('cpm_session_t'), 'SELECT 2 AS a UNION ALL SELECT 3'));
    await spark.execute(d.renameTable(d.quoteIdent('cpm_session_t'), 'cpm_session_u'));
    assert.deepEqual(await spark.query('SELECT SUM(a) AS s FROM cpm_session_u'), [{ s: 5 }]);
    assert.deepEqual(await spark.listTables('cpm_dialect_test'), ['people']);
    await spark.execute(d.dropColumn(t, 'n'));
    assert.deepEqual(await spark.columns({ schema: 'cpm_dialect_test', name: 'people' }), ['id', 'Full Name']);
    assert.deepEqual(await spark.columns({ schema: 'cpm_dialect_test', name: 'nothing' }), []);
    assert.deepEqual(await spark.listTables('cpm_no_such_schema'), []);
  });

  it('without multi-table transactions, inTransaction runs the statements in order (no BEGIN)', async () => {
    const d = spark.dialect;
    const t = d.table('cpm_dialect_test', 'steps');
    await inTransaction(spark, [d.createTableAs(t, 'SELECT 1 AS step'), `INSERT INTO ${t} VALUES (2)`]);
    assert.deepEqual(await spark.query(`SELECT step FROM ${t} ORDER BY step`), [{ step: 1 }, { step: 2 }]);
  });

  it('snapshot and restore put a Delta table back to an earlier version', async () => {
    const d = spark.dialect;
    const ref = { schema: 'cpm_dialect_test', name: 'history' };
    const t = d.table(ref.schema, ref.name);
    await spark.execute(d.createTableAs(t, "SELECT 1 AS id, 'kept' AS v"));
    const snapshot = await spark.snapshot(ref);
    await spark.execute(`INSERT INTO ${t} VALUES (2, 'added')`);
    await spark.execute(`UPDATE ${t} SET v = 'changed' WHERE id = 1`);
    await spark.execute(d.createTableAs(t, "SELECT 9 AS id, 'replaced' AS v"));
    await spark.restore(snapshot);
    assert.deepEqual(await spark.query(`SELECT * FROM ${t}`), [{ id: 1, v: 'kept' }]);
    assert.notEqual((await spark.snapshot(ref)).version, snapshot.version);
  });
});
