// Test helpers for privacy requests: pick a person of the synthetic world, collect the values
// that identify only them, and search every column of every table for those values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row, Warehouse } from '../../src/warehouse/warehouse.js';

export const scannedSchemas = ['raw', 'staging', 'identity', 'golden', 'dimensions', 'marts', 'metrics', 'quality', 'meta', 'privacy', 'snapshots'];

export interface Values {
  /** Found anywhere inside a text (emails, phones). */
  contained: string[];
  /** Equal to a whole (trimmed) value (names). */
  exact: string[];
}

/** "schema.table.column" of every cell that holds one of the values (compared lower case). */
export async function scan(wh: Warehouse, values: Values): Promise<string[]> {
  const d = wh.dialect;
  const hits: string[] = [];
  for (const schema of scannedSchemas) {
    for (const table of await wh.listTables(schema)) {
      const columns = await wh.columns({ schema, name: table });
      const checks: [string, string][] = [];
      for (const c of columns) {
        const text = `LOWER(CAST(${d.quoteIdent(c)} AS ${d.type('text')}))`;
        values.contained.forEach((v) => checks.push([`${c}: ${v}`, `POSITION(${d.stringLiteral(v)} IN ${text}) > 0`]));
        values.exact.forEach((v) => checks.push([`${c}: ${v}`, `TRIM(${text}) = ${d.stringLiteral(v)}`]));
      }
      if (!checks.length) continue;
      const [row] = await wh.query(`SELECT ${checks.map(([, cond], i) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS h${i}`).join(', ')} FROM ${d.table(schema, table)}`);
      checks.forEach(([what], i) => {
        if (Number(row?.[`h${i}`] ?? 0) > 0) hits.push(`${schema}.${table}.${what}`);
      });
    }
  }
  return hits;
}

export interface TruthPerson {
  personId: string;
  email: string;
  records: string[];
}

/** People of the ground truth with records in at least `minSources` systems, most sources first. */
export function truthPeople(world: string, minSources: number): TruthPerson[] {
  const lines = (f: string) => readFileSync(join(world, '_truth', f), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const records = new Map<string, string[]>();
  for (const [system, id, person] of lines('source_records.csv')) records.set(person!, [...(records.get(person!) ?? []), `${system}:${id}`]);
  const people = lines('people.csv');
  const emailCount = new Map<string, number>();
  for (const p of people) emailCount.set(p[13]!, (emailCount.get(p[13]!) ?? 0) + 1);
  return people
    .filter((p) => emailCount.get(p[13]!) === 1)
    .map((p) => ({ personId: p[0]!, email: p[13]!, records: records.get(p[0]!) ?? [] }))
    .filter((p) => new Set(p.records.map((r) => r.split(':')[0])).size >= minSources)
    .sort((a, b) => b.records.length - a.records.length || a.personId.localeCompare(b.personId));
}

/**
 * The values of the person's staged records that no other person record carries: their emails
 * and phones (as written, and the phone's ten digits), and their last and full names.
 */
export function distinctiveValues(all: Row[], mine: Set<string>): Values {
  const key = (r: Row) => `${r['source_system']}:${r['source_record_id']}`;
  const own = all.filter((r) => mine.has(key(r)));
  const others = all.filter((r) => !mine.has(key(r)));
  const lower = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined);
  const fields = (rows: Row[], names: string[]) => rows.flatMap((r) => names.map((n) => lower(r[n]))).filter((v): v is string => !!v);
  const digits = (rows: Row[]) => fields(rows, ['phone']).map((p) => p.replace(/\D/g, '').slice(-10)).filter((p) => p.length === 10);
  const otherText = [...fields(others, ['email', 'phone']), ...digits(others)];
  // Names as golden and the conflict log write them too ("first last", "last, first").
  const combined = others.flatMap((r) => [`${lower(r['first_name'])} ${lower(r['last_name'])}`, `${lower(r['last_name'])}, ${lower(r['first_name'])}`]);
  const otherNames = new Set([...fields(others, ['first_name', 'middle_name', 'last_name', 'full_name']), ...combined]);
  const contained = [...new Set([...fields(own, ['email', 'phone']), ...digits(own)])].filter((v) => v.length >= 7 && !otherText.some((o) => o.includes(v)));
  const exact = [...new Set(fields(own, ['last_name', 'full_name']))].filter((v) => v.length >= 4 && !otherNames.has(v));
  return { contained, exact };
}
