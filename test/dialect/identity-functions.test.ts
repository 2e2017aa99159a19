// The portable functions identity resolution matches with: SQL pinned per dialect, then every
// function run on every available engine over many inputs. Each engine is held to the same
// expected values, so they agree with each other; Jaro-Winkler's expected values are DuckDB's
// own jaro_winkler_similarity(lower(a), lower(b)).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Dialect } from '../../src/dialect/dialect.js';
import { latinAccents } from '../../src/dialect/portable-text.js';
import { dialectNames, getDialect } from '../../src/dialect/registry.js';
import { DuckDbWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { PostgresWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';
import type { Row, Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { pinnedSqlTests } from '../support/pinned-sql.js';

const pinned: Record<string, (d: Dialect) => string> = {
  jaroWinkler: (d) => d.jaroWinkler('a.first_name', 'b.first_name'),
  splitToRows: (d) => d.splitToRows('p.full_name', ' ', 'w'),
  stringAgg: (d) => d.stringAgg('w.token', ' ', 'w.pos'),
  jsonObject: (d) => d.jsonObject([['id', 'p.id'], ['name', 'p.name']]),
  uuidFromText: (d) => d.uuidFromText('k'),
};

const expectedSql: Record<string, Record<string, string>> = {
  duckdb: {
    jaroWinkler: "JARO_WINKLER_SIMILARITY(LOWER(NULLIF(a.first_name, '')), LOWER(NULLIF(b.first_name, '')))",
    splitToRows:
      "LATERAL (SELECT UNNEST(parts) AS token, UNNEST(RANGE(1, LEN(parts) + 1)) AS pos FROM (SELECT STRING_SPLIT(NULLIF(p.full_name, ''), ' ') AS parts)) AS w",
    stringAgg: "STRING_AGG(CAST(w.token AS VARCHAR), ' ' ORDER BY w.pos)",
    jsonObject: "CAST(JSON_OBJECT('id', p.id, 'name', p.name) AS VARCHAR)",
    uuidFromText: 'CAST(CAST(MD5(k) AS UUID) AS VARCHAR)',
  },
  postgres: {
    jaroWinkler: 'cpm_jaro_winkler(LOWER(a.first_name), LOWER(b.first_name))',
    splitToRows: "LATERAL UNNEST(STRING_TO_ARRAY(p.full_name, ' ')) WITH ORDINALITY AS w(token, pos)",
    stringAgg: "STRING_AGG(CAST(w.token AS TEXT), ' ' ORDER BY w.pos)",
    jsonObject: "CAST(JSON_BUILD_OBJECT('id', p.id, 'name', p.name) AS TEXT)",
    uuidFromText: 'CAST(CAST(MD5(k) AS UUID) AS TEXT)',
  },
};

describe('identity functions: generated SQL is pinned per dialect', () => {
  pinnedSqlTests(pinned, expectedSql);
  it('splitToRows refuses an empty delimiter (the engines disagree on its meaning)', () => {
    for (const name of dialectNames) assert.throws(() => getDialect(name).splitToRows('x', '', 'w'), /non-empty delimiter/);
  });
  it('the accent map is one character to one', () => {
    assert.equal([...latinAccents.from].length, [...latinAccents.to].length);
    assert.match(latinAccents.to, /^[A-Za-z]+$/);
  });
});

// Jaro-Winkler pairs -----------------------------------------------------------------------

const names = [
  'Robert', 'Margaret', 'Elizabeth', 'Christopher', 'Jonathan', 'Katherine', 'Michael', 'Stephanie',
  'Alexander', 'Jennifer', 'William', 'Patricia', 'Nguyen', 'Gutierrez', 'Schwarzenegger', 'Oconnor',
  'Fitzgerald', 'Abernathy', 'Washington', 'Montgomery', 'Li', 'Ng', 'Al', 'Ava', 'Zoe',
  'MacDonald', 'Van der Berg', 'Smith-Jones', 'Dwayne', 'Martha',
];
const edits: Array<(s: string) => string> = [
  (s) => s.slice(0, 1) + s.slice(2, 3) + s.slice(1, 2) + s.slice(3), // swap 2nd and 3rd letters
  (s) => s.slice(0, -2) + s.slice(-1) + s.slice(-2, -1), // swap the last two letters
  (s) => s.slice(0, 2) + s.slice(3), // drop a letter
  (s) => s.slice(0, 3) + 'x' + s.slice(3), // insert a letter
  (s) => s.slice(0, -1) + 'q', // replace the last letter
  (s) => s.toUpperCase(), // case only
  (s) => s.split('').reverse().join(''), // very different, same letters
];
const special: [string | null, string | null][] = [
  ['MARTHA', 'MARHTA'], ['DWAYNE', 'DUANE'], ['DIXON', 'DICKSONX'], ['JELLYFISH', 'SMELLYFISH'],
  ['', ''], ['', 'a'], ['abc', ''], [null, 'abc'], ['abc', null], [null, null], [null, ''],
  ['a', 'a'], ['a', 'b'], ['a', 'A'], ['a', 'ab'], ['ab', 'ba'], ['ab', 'a'], ['x', 'xyzxyzxyz'],
  ['same name', 'same name'], ['Anne Marie', 'Anne Marie'], ['Annemarie', 'Anne Marie'],
  ['abcdefgh', 'zyxwvuts'], ['Smith', 'Xqjvk'], ['qwertyuiop', 'asdfghjkl'], ['aaaa', 'aaab'], ['abab', 'baba'],
  ['José', 'Jose'], ['JOSÉ', 'josé'], ['Zoë', 'Zoe'], ['Müller', 'Mueller'], ['Müller', 'MÜLLER'], ['Øystein', 'Oystein'],
  ['Straße', 'Strasse'], ['Łukasz', 'Lukasz'], ['Björk', 'Bjork'], ['François', 'Francois'], ['Renée', 'Renee'],
  ['Ólafur', 'Olafur'], ['Dvořák', 'Dvorak'], ['é', 'è'], ['日本', '日本語'], ['Владимир', 'Vladimir'], ['😀a', 'a😀'],
  ['  padded ', 'padded'], ["O'Brien", 'OBrien'], ['Jean-Luc', 'Jean Luc'], ['12345', '12354'],
  ['a'.repeat(70), `${'a'.repeat(69)}b`], ['abcdefghij'.repeat(8), 'abcdefghjj'.repeat(8)],
  ['The quick brown fox jumps over the lazy dog and keeps running far away', 'The quick brown fox jumped over a lazy dog and kept running away'],
];
const jwPairs: [string | null, string | null][] = [
  ...names.flatMap((n) => edits.map((edit): [string, string] => [n, edit(n)])),
  ...names.map((n, i): [string, string] => [n, names[(i + 1) % names.length]!]),
  ...special,
];

// Known values (case-insensitive): the textbook examples and the edges of the convention.
const jwKnown: [string | null, string | null, number | null][] = [
  ['MARTHA', 'marhta', 0.9611111111111111],
  ['DWAYNE', 'duane', 0.84],
  ['DIXON', 'dicksonx', 0.8133333333333332],
  ['', 'a', null],
  [null, 'a', null],
  ['a', 'A', 1],
  ['a', 'b', 0],
  ['ab', 'ba', 0],
];

// Other functions ------------------------------------------------------------------------

const latinLetters = Array.from({ length: 0x17f - 0xc0 + 1 }, (_, i) => String.fromCharCode(0xc0 + i)).filter((c) => c !== '×' && c !== '÷');
const accentMap = new Map([...latinAccents.from].map((c, i) => [c, [...latinAccents.to][i]!]));
const accentCases: [string | null, string | null][] = [
  ...latinLetters.map((c): [string, string] => [c, accentMap.get(c) ?? c]),
  ['Núñez', 'Nunez'], ['Søren Kierkegaard', 'Soren Kierkegaard'], ['Łódź', 'Lodz'], ['Straße', 'Straße'],
  ['ÆSIR Œuvre', 'ÆSIR Œuvre'], ['Dvořák', 'Dvorak'], ['plain ASCII 123', 'plain ASCII 123'], ['', ''], [null, null],
];

const soundexCases: [string | null, string | null][] = [
  ['Robert', 'R163'], ['Rupert', 'R163'], ['Rubin', 'R150'], ['Ashcraft', 'A261'], ['Ashcroft', 'A261'],
  ['Tymczak', 'T522'], ['Pfister', 'P236'], ['Honeyman', 'H555'], ['Lee', 'L000'], ['Gutierrez', 'G362'],
  ['Jackson', 'J250'], ["O'Brien", 'O165'], ['robert', 'R163'], ['  -Lee', 'L000'], ['Washington', 'W252'],
  ['Wu', 'W000'], ['Hwang', 'H520'], ['Ahb', 'A100'], ['Van der Berg', 'V536'], ['Bbbb', 'B000'],
  ['', null], ['1234', null], ['Ñ', null], [null, null],
];

const splitInputs: [number, string | null][] = [[1, 'Mary Ann Smith'], [2, 'a  b'], [3, ' lead'], [4, 'trail '], [5, 'single'], [6, ''], [7, null]];
const splitRows = [
  { id: 1, token: 'Mary', pos: 1 }, { id: 1, token: 'Ann', pos: 2 }, { id: 1, token: 'Smith', pos: 3 },
  { id: 2, token: 'a', pos: 1 }, { id: 2, token: '', pos: 2 }, { id: 2, token: 'b', pos: 3 },
  { id: 3, token: '', pos: 1 }, { id: 3, token: 'lead', pos: 2 },
  { id: 4, token: 'trail', pos: 1 }, { id: 4, token: '', pos: 2 },
  { id: 5, token: 'single', pos: 1 },
];

const md5Uuid = (s: string) => createHash('md5').update(s).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const uuidInputs = ['abc', '', 'person|42', 'Ünïcode ✓', 'x'.repeat(500)];

// Running them ---------------------------------------------------------------------------

/** A VALUES table `t` whose columns are all text, so no input is a constant the planner folds. */
function textTable(d: Dialect, columns: string[], rows: (string | null)[][]): string {
  const values = rows.map((r, i) => `(${[String(i), ...r.map((v) => d.literal(v))].join(', ')})`).join(',\n');
  const select = columns.map((c) => d.cast(c, 'text') + ` AS ${c}`).join(', ');
  return `(SELECT CAST(i AS INTEGER) AS i, ${select} FROM (VALUES ${values}) AS v(i, ${columns.join(', ')})) AS t`;
}

/** One value per input row, in input order. */
async function evaluate(wh: Warehouse, expr: string, columns: string[], rows: (string | null)[][]): Promise<Row[string][]> {
  const result = await wh.query(`SELECT t.i, ${expr} AS v FROM ${textTable(wh.dialect, columns, rows)} ORDER BY t.i`);
  return result.map((r) => r['v']!);
}

async function open(name: string): Promise<Warehouse> {
  return name === 'duckdb' ? DuckDbWarehouse.open(':memory:') : PostgresWarehouse.open(process.env['CPM_TEST_POSTGRES_URL']!);
}

let jwReference: (number | null)[] = [];
before(async () => {
  // DuckDB's native function is the reference; the convention only adds NULL for ''.
  const duck = await DuckDbWarehouse.open(':memory:');
  try {
    const values = await evaluate(duck, "CASE WHEN a <> '' AND b <> '' THEN jaro_winkler_similarity(lower(a), lower(b)) END", ['a', 'b'], jwPairs);
    jwReference = values as (number | null)[];
  } finally {
    await duck.close();
  }
});

for (const engine of engines) {
  describe(`identity functions on ${engine.name}`, { skip: engine.skip }, () => {
    let wh: Warehouse;
    before(async () => (wh = await open(engine.name)));
    after(async () => wh.close());

    it(`jaroWinkler equals DuckDB's jaro_winkler_similarity(lower(a), lower(b)) on ${jwPairs.length} pairs`, async () => {
      assert.ok(jwPairs.length >= 200);
      const values = await evaluate(wh, wh.dialect.jaroWinkler('a', 'b'), ['a', 'b'], jwPairs);
      values.forEach((v, i) => {
        const expected = jwReference[i] ?? null;
        const label = `${engine.name}: ${JSON.stringify(jwPairs[i])} gave ${v}, DuckDB ${expected}`;
        if (expected === null) return assert.equal(v, null, label);
        assert.equal(typeof v, 'number', label);
        assert.ok(Math.abs((v as number) - expected) < 1e-9, label);
        assert.ok((v as number) >= 0 && (v as number) <= 1, label);
      });
    });

    it('jaroWinkler gives the known values', async () => {
      const values = await evaluate(wh, wh.dialect.jaroWinkler('a', 'b'), ['a', 'b'], jwKnown.map(([a, b]) => [a, b]));
      values.forEach((v, i) => {
        const expected = jwKnown[i]![2];
        const label = `${engine.name}: ${JSON.stringify(jwKnown[i])} gave ${v}`;
        if (expected === null) assert.equal(v, null, label);
        else assert.ok(Math.abs((v as number) - expected) < 1e-9, label);
      });
    });

    it('stripAccents maps every Latin-1 Supplement and Latin Extended-A letter', async () => {
      const values = await evaluate(wh, wh.dialect.stripAccents('x'), ['x'], accentCases.map(([x]) => [x]));
      assert.deepEqual(values, accentCases.map(([, expected]) => expected));
    });

    if (engine.name === 'duckdb') {
      it("stripAccents agrees with DuckDB's strip_accents wherever that changes a letter", async () => {
        const rows = latinLetters.map((c) => [c]);
        const ours = await evaluate(wh, wh.dialect.stripAccents('x'), ['x'], rows);
        const native = await evaluate(wh, 'strip_accents(x)', ['x'], rows);
        latinLetters.forEach((letter, i) => {
          if (native[i] !== letter) assert.equal(ours[i], native[i], letter);
        });
      });
    }

    it('soundex gives American Soundex codes', async () => {
      const values = await evaluate(wh, wh.dialect.soundex('x'), ['x'], soundexCases.map(([x]) => [x]));
      assert.deepEqual(values, soundexCases.map(([, expected]) => expected));
    });

    it('splitToRows yields one row per token with its 1-based position; stringAgg joins them back', async () => {
      const d = wh.dialect;
      const inputs = `(SELECT CAST(id AS INTEGER) AS id, ${d.cast('x', 'text')} AS x FROM (VALUES ${splitInputs.map(([id, x]) => `(${id}, ${d.literal(x)})`).join(', ')}) AS v(id, x)) AS t`;
      const rows = await wh.query(`SELECT t.id, w.token, w.pos FROM ${inputs}, ${d.splitToRows('t.x', ' ', 'w')} ORDER BY t.id, w.pos`);
      assert.deepEqual(rows, splitRows);
      const joined = await wh.query(`SELECT t.id, ${d.stringAgg('w.token', '|', 'w.pos DESC')} AS v FROM ${inputs}, ${d.splitToRows('t.x', ' ', 'w')} GROUP BY t.id ORDER BY t.id`);
      assert.deepEqual(joined, [
        { id: 1, v: 'Smith|Ann|Mary' }, { id: 2, v: 'b||a' }, { id: 3, v: 'lead|' }, { id: 4, v: '|trail' }, { id: 5, v: 'single' },
      ]);
    });

    it('jsonObject keeps numbers, booleans, strings and nulls', async () => {
      const d = wh.dialect;
      const json = d.jsonObject([
        ['int', 'CAST(42 AS INTEGER)'], ['big', 'CAST(9007199254740991 AS BIGINT)'], ['dec', d.cast("'12.50'", 'decimal')],
        ['dbl', d.cast("'0.1'", 'double')], ['neg', d.cast("'-3'", 'integer')], ['yes', 'TRUE'], ['text', 'x'], ['missing', 'n'],
        ['json_like', 'j'],
      ]);
      const sql = `SELECT ${json} AS v FROM (SELECT ${d.cast("'Say \"hi\"\\ né\n✓'", 'text')} AS x, ${d.cast('NULL', 'text')} AS n, ${d.cast(`'{"a":1}'`, 'text')} AS j) AS t`;
      const [row] = await wh.query(sql);
      assert.equal(typeof row?.['v'], 'string');
      assert.deepEqual(JSON.parse(row!['v'] as string), {
        int: 42, big: 9007199254740991, dec: 12.5, dbl: 0.1, neg: -3, yes: true, text: 'Say "hi"\\ né\n✓', missing: null, json_like: '{"a":1}',
      });
      const [empty] = await wh.query(`SELECT ${d.jsonObject([])} AS v`);
      assert.deepEqual(JSON.parse(empty!['v'] as string), {});
    });

    it('uuidFromText is the md5 of the text, UUID-shaped', async () => {
      const values = await evaluate(wh, wh.dialect.uuidFromText('x'), ['x'], [...uuidInputs.map((x) => [x]), [null]]);
      assert.deepEqual(values, [...uuidInputs.map(md5Uuid), null]);
      assert.equal(values[0], '90015098-3cd2-4fb0-d696-3f7d28e17f72');
    });

    // Why the dialect has no greatest()/least(): both engines already skip NULL arguments.
    it('GREATEST and LEAST ignore NULLs natively', async () => {
      const values = await evaluate(wh, "GREATEST(x, NULL, 'b') || '/' || LEAST(x, NULL, 'b')", ['x'], [['a'], ['c'], [null]]);
      assert.deepEqual(values, ['b/a', 'c/b', 'b/b']);
    });
  });
}
