// Seed tables: the lookup lists identity resolution normalizes with (nicknames, USPS street
// suffixes, directionals and unit designators, role mailboxes, email provider rules). They ship
// as CSV in config/seeds/, so `cpm init` copies them and an organization can edit them, and are
// loaded into the warehouse as plain tables, so normalization joins them with the same SQL on
// every engine instead of carrying engine-specific maps or giant CASE expressions.
// docs/identity-seeds.md describes each file and where its rows come from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { ConfigError } from '../errors/cpm-error.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';

type SeedColumnType = 'text' | 'boolean';

/** Each seed's columns in file order; the first column is the key (unique, never empty). */
const seedColumns = {
  nicknames: [['nickname', 'text'], ['canonical', 'text']],
  street_suffixes: [['word', 'text'], ['abbreviation', 'text']],
  directionals: [['word', 'text'], ['abbreviation', 'text']],
  unit_designators: [['word', 'text'], ['abbreviation', 'text']],
  generic_email_local_parts: [['local_part', 'text']],
  email_provider_rules: [['domain', 'text'], ['canonical_domain', 'text'], ['strip_dots', 'boolean'], ['strip_plus_tag', 'boolean']],
} as const satisfies Record<string, ReadonlyArray<readonly [string, SeedColumnType]>>;

export type SeedName = keyof typeof seedColumns;
export const seedNames = Object.keys(seedColumns) as SeedName[];
export const seedSchema = 'identity';

/** Where a seed lives in the warehouse: identity.seed_<name>. */
export function seedTable(name: string): TableRef {
  return { schema: seedSchema, name: `seed_${name}` };
}

type SeedValue = string | boolean;

interface ParsedSeed {
  seed: SeedName;
  columns: ReadonlyArray<readonly [string, SeedColumnType]>;
  rows: SeedValue[][];
}

/** A problem list stays readable when a file is badly broken. */
const maxProblems = 20;

/** Reads and checks one seed file; every problem is reported as file:line. */
export function readSeed(configDir: string, seed: SeedName): ParsedSeed {
  const file = join(configDir, 'seeds', `${seed}.csv`);
  const columns = seedColumns[seed];
  const expected = columns.map(([c]) => c).join(',');
  const fix = `each file in config/seeds/ is UTF-8 CSV with the header "${expected}" for ${seed}.csv; docs/identity-seeds.md describes it`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      [`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`],
      'copy the file from config/seeds/ of the cpm-unify package (a project made by `cpm init` has it)',
    );
  }
  let records: Array<{ info: { lines: number }; record: string[] }>;
  try {
    // `info` gives each record the line it ends on, so problems can name it.
    records = parse(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (e) {
    if (e instanceof CsvError) throw new ConfigError([`${file}:${(e as CsvError & { lines?: number }).lines ?? 1}: ${e.message}`], fix);
    throw e;
  }

  const [head, ...body] = records;
  const header = head?.record.map((h) => h.trim()).join(',') ?? '';
  if (header !== expected) throw new ConfigError([`${file}:${head?.info.lines ?? 1}: the header is "${header}", expected "${expected}"`], fix);

  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  const rows: SeedValue[][] = [];
  for (const { info, record } of body) {
    const at = `${file}:${info.lines}`;
    // Values are compared lower-case and trimmed, as the normalized fields they join with are.
    const values = record.map((v) => v.trim().toLowerCase());
    const row: SeedValue[] = [];
    columns.forEach(([column, type], i) => {
      const value = values[i] ?? '';
      if (value === '') problems.push(`${at}: ${column} is empty`);
      else if (type === 'boolean' && value !== 'true' && value !== 'false') problems.push(`${at}: ${column} is "${record[i]}", expected true or false`);
      row.push(type === 'boolean' ? value === 'true' : value);
    });
    const key = values[0] ?? '';
    const seen = firstLine.get(key);
    if (key !== '' && seen !== undefined) problems.push(`${at}: duplicate ${columns[0][0]} "${key}" (first on line ${seen})`);
    else firstLine.set(key, info.lines);
    rows.push(row);
  }
  if (problems.length) {
    const shown = problems.slice(0, maxProblems);
    if (problems.length > maxProblems) shown.push(`${file}: … and ${problems.length - maxProblems} more problems`);
    throw new ConfigError(shown, fix);
  }
  return { seed, columns, rows };
}

/**
 * Loads every seed from `<configDir>/seeds/` into identity.seed_<name>, replacing what was
 * there, so running it twice leaves the same tables. All files are checked before anything is
 * written: a bad edit fails the command and leaves the previous tables in place.
 */
export async function loadSeeds(wh: Warehouse, configDir: string): Promise<Array<{ seed: string; rows: number }>> {
  const parsed = seedNames.map((seed) => readSeed(configDir, seed));
  const d = wh.dialect;
  await wh.execute(d.createSchema(seedSchema));
  const loaded: Array<{ seed: string; rows: number }> = [];
  for (const { seed, columns, rows } of parsed) {
    const ref = seedTable(seed);
    const table = d.table(ref.schema, ref.name);
    // Plain CREATE TABLE + INSERT: portable to every engine. No PRIMARY KEY (Spark SQL has
    // none); readSeed has already made the key unique.
    await wh.execute(d.dropTable(table));
    await wh.execute(d.createTable(table, columns));
    const names = columns.map(([c]) => d.quoteIdent(c)).join(', ');
    // Chunks keep each statement a reasonable size (the largest seed has ~800 rows).
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => `(${r.map((v) => d.literal(v)).join(', ')})`);
      await wh.execute(`INSERT INTO ${table} (${names}) VALUES ${values.join(', ')}`);
    }
    loaded.push({ seed, rows: rows.length });
  }
  return loaded;
}
