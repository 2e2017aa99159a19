// Seed tables: the shipped CSV files are well-formed, load into every engine of the matrix with
// the content normalization relies on, reload idempotently, and a bad edit names file and line.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ConfigError, ExitCode } from '../../src/errors/cpm-error.js';
import { loadSeeds, readSeed, seedNames, seedTable } from '../../src/identity/seeds.js';
import { packageRoot } from '../../src/project/init.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import type { Row, Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { makeProject, tempDir } from '../support/project.js';

const shippedConfig = join(packageRoot, 'config');

describe('the shipped seed files', () => {
  for (const seed of seedNames) {
    it(`${seed}.csv is lower-case, sorted by a unique key, and passes validation`, () => {
      const text = readFileSync(join(shippedConfig, 'seeds', `${seed}.csv`), 'utf8');
      const [, ...rows] = parse(text, { skip_empty_lines: true }) as string[][];
      const keys = rows.map((r) => r[0]!);
      assert.equal(new Set(keys).size, keys.length, 'keys are unique');
      assert.deepEqual(keys, [...keys].sort(), 'rows are sorted by key');
      for (const r of rows) for (const v of r) assert.equal(v, v.trim().toLowerCase(), `"${v}" is trimmed lower case`);
      assert.equal(readSeed(shippedConfig, seed).rows.length, rows.length);
    });
  }

  it('have the size the docs promise', () => {
    const counts = Object.fromEntries(seedNames.map((s) => [s, readSeed(shippedConfig, s).rows.length]));
    assert.ok(counts['nicknames']! >= 400, `nicknames: ${counts['nicknames']}`);
    assert.ok(counts['street_suffixes']! >= 500, `street_suffixes: ${counts['street_suffixes']}`);
    assert.ok(counts['generic_email_local_parts']! >= 60, `generic_email_local_parts: ${counts['generic_email_local_parts']}`);
  });

  it('map every abbreviation to itself, so a second lookup changes nothing', () => {
    for (const seed of ['street_suffixes', 'directionals', 'unit_designators'] as const) {
      const map = new Map(readSeed(shippedConfig, seed).rows.map(([w, a]) => [w, a]));
      for (const a of new Set(map.values())) assert.equal(map.get(a), a, `${seed}: ${a} maps to itself`);
    }
  });

  it('resolve a nickname in one lookup (no canonical is itself a nickname)', () => {
    const rows = readSeed(shippedConfig, 'nicknames').rows;
    const keys = new Set(rows.map(([k]) => k));
    for (const [k, c] of rows) {
      assert.notEqual(k, c);
      assert.ok(!keys.has(c!), `${k} -> ${c}, which is a nickname itself`);
    }
  });
});

/** A copy of the shipped config whose one seed file is replaced by `text`. */
function configWith(seed: string, text: string): string {
  const dir = join(tempDir(), 'config');
  cpSync(shippedConfig, dir, { recursive: true });
  writeFileSync(join(dir, 'seeds', `${seed}.csv`), text);
  return dir;
}

function assertConfigError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `a ConfigError, not ${String(e)}`);
    assert.equal(e.exitCode, ExitCode.usage);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('a malformed seed file', () => {
  it('with a duplicate key fails naming file and both lines', () => {
    const dir = configWith('nicknames', 'nickname,canonical\nbob,robert\nliz,elizabeth\nBob ,bobby\n');
    assertConfigError(() => readSeed(dir, 'nicknames'), /seeds\/nicknames\.csv:4: duplicate nickname "bob" \(first on line 2\)/);
  });

  it('with the wrong header fails naming file and line 1', () => {
    const dir = configWith('street_suffixes', 'suffix,abbreviation\navenue,ave\n');
    assertConfigError(() => readSeed(dir, 'street_suffixes'), /seeds\/street_suffixes\.csv:1: the header is "suffix,abbreviation", expected "word,abbreviation"/);
  });

  it('with a bad boolean fails naming file and line', () => {
    const dir = configWith('email_provider_rules', 'domain,canonical_domain,strip_dots,strip_plus_tag\ngmail.com,gmail.com,true,true\n\nexample.com,example.com,yes,false\n');
    assertConfigError(() => readSeed(dir, 'email_provider_rules'), /seeds\/email_provider_rules\.csv:4: strip_dots is "yes", expected true or false/);
  });

  it('with an empty key or a ragged row fails naming file and line', () => {
    const empty = configWith('directionals', 'word,abbreviation\nnorth,n\n ,s\n');
    assertConfigError(() => readSeed(empty, 'directionals'), /seeds\/directionals\.csv:3: word is empty/);
    const ragged = configWith('directionals', 'word,abbreviation\nnorth,n,extra\n');
    assertConfigError(() => readSeed(ragged, 'directionals'), /seeds\/directionals\.csv:2: .*expect 2, got 3/);
  });

  it('that is missing fails naming the file', () => {
    const dir = join(tempDir(), 'config');
    assertConfigError(() => readSeed(dir, 'nicknames'), /seeds\/nicknames\.csv: cannot read \(ENOENT\)/);
  });
});

for (const engine of engines) {
  describe(`seed tables on ${engine.name}`, { skip: engine.skip }, () => {
    let wh: Warehouse;
    before(async () => {
      wh = await openWarehouse(makeProject({ warehouse: await engine.freshWarehouse() }));
    });
    after(async () => wh?.close());

    const table = (seed: string) => {
      const t = seedTable(seed);
      return wh.dialect.table(t.schema, t.name);
    };
    const lookup = async (seed: string, column: string, key: string): Promise<Row | undefined> => {
      const d = wh.dialect;
      const rows = await wh.query(`SELECT * FROM ${table(seed)} WHERE ${d.quoteIdent(column)} = ${d.stringLiteral(key)}`);
      return rows[0];
    };

    it('loads the shipped seeds with the content normalization relies on', async () => {
      const loaded = await loadSeeds(wh, shippedConfig);
      assert.deepEqual(loaded.map((l) => l.seed), seedNames);
      for (const { seed, rows } of loaded) {
        assert.equal(rows, readSeed(shippedConfig, seed as (typeof seedNames)[number]).rows.length);
        const [count] = await wh.query(`SELECT COUNT(*) AS n FROM ${table(seed)}`);
        assert.equal(count!['n'], rows, `${seed} row count`);
      }
      assert.equal((await lookup('nicknames', 'nickname', 'bob'))?.['canonical'], 'robert');
      assert.equal((await lookup('nicknames', 'nickname', 'liz'))?.['canonical'], 'elizabeth');
      assert.equal((await lookup('nicknames', 'nickname', 'kate'))?.['canonical'], 'katherine');
      assert.equal((await lookup('street_suffixes', 'word', 'avenue'))?.['abbreviation'], 'ave');
      assert.equal((await lookup('street_suffixes', 'word', 'strt'))?.['abbreviation'], 'st');
      assert.equal((await lookup('directionals', 'word', 'northwest'))?.['abbreviation'], 'nw');
      assert.equal((await lookup('unit_designators', 'word', 'apartment'))?.['abbreviation'], 'apt');
      assert.ok(await lookup('generic_email_local_parts', 'local_part', 'info'), 'info is generic');
      assert.equal(await lookup('generic_email_local_parts', 'local_part', 'jane.doe'), undefined);
      assert.deepEqual(await lookup('email_provider_rules', 'domain', 'googlemail.com'), {
        domain: 'googlemail.com',
        canonical_domain: 'gmail.com',
        strip_dots: true,
        strip_plus_tag: true,
      });
      assert.deepEqual(await lookup('email_provider_rules', 'domain', 'yahoo.com'), {
        domain: 'yahoo.com',
        canonical_domain: 'yahoo.com',
        strip_dots: false,
        strip_plus_tag: false,
      });
    });

    it('joins the seeds in plain SQL (a nickname and a suffix in one query)', async () => {
      const d = wh.dialect;
      const rows = await wh.query(
        `SELECT n.canonical, s.abbreviation FROM ${table('nicknames')} AS n CROSS JOIN ${table('street_suffixes')} AS s
         WHERE n.nickname = 'bill' AND s.word = ${d.stringLiteral('boulevard')}`,
      );
      assert.deepEqual(rows, [{ canonical: 'william', abbreviation: 'blvd' }]);
    });

    it('reloads idempotently: same tables, same counts', async () => {
      const first = await loadSeeds(wh, shippedConfig);
      const second = await loadSeeds(wh, shippedConfig);
      assert.deepEqual(second, first);
      const tables = await wh.listTables('identity');
      for (const seed of seedNames) assert.ok(tables.includes(seedTable(seed).name), `${seed} exists`);
      const [count] = await wh.query(`SELECT COUNT(*) AS n FROM ${table('nicknames')}`);
      assert.equal(count!['n'], first.find((l) => l.seed === 'nicknames')!.rows);
    });

    it('lower-cases and trims an edited seed, and a bad edit leaves the loaded tables alone', async () => {
      const dir = configWith('nicknames', 'nickname,canonical\n  Bobby , ROBERT\nPeggy,Margaret\n');
      const loaded = await loadSeeds(wh, dir);
      assert.equal(loaded.find((l) => l.seed === 'nicknames')?.rows, 2);
      assert.deepEqual(await wh.query(`SELECT nickname, canonical FROM ${table('nicknames')} ORDER BY nickname`), [
        { nickname: 'bobby', canonical: 'robert' },
        { nickname: 'peggy', canonical: 'margaret' },
      ]);
      const bad = configWith('email_provider_rules', 'domain,canonical_domain,strip_dots,strip_plus_tag\ngmail.com,gmail.com,maybe,true\n');
      await assert.rejects(loadSeeds(wh, bad), /email_provider_rules\.csv:2: strip_dots is "maybe"/);
      const [count] = await wh.query(`SELECT COUNT(*) AS n FROM ${table('nicknames')}`);
      assert.equal(count!['n'], 2, 'nothing was replaced by the failed load');
    });
  });
}
