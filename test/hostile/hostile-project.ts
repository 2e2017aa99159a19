// Builds one test project holding many hostile-input cases: each case is its own source (so
// `cpm ingest --source CASE` runs it alone) with one stream, `gifts`, whose files are the case's
// folder under cases/ or what the case generates at test time. One project for many cases keeps
// the run short; one source per case keeps each case's raw table and quarantine rows its own.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { WarehouseConfig } from '../../src/config/project-schema.js';
import { tempDir } from '../support/project.js';
import type { DataCase } from './corpus-types.js';

export const casesDir = join(import.meta.dirname, 'cases');

/** The mapping every case uses unless it says otherwise: a small gifts export. */
export const standardColumns = [
  { source: 'id', target: 'id' },
  { source: 'name', target: 'name' },
  { source: 'amount', target: 'amount', type: 'decimal' },
  { source: 'gift_date', target: 'gift_date', type: 'date', format: '%Y-%m-%d' },
];

function streamFor(c: DataCase): Record<string, unknown> {
  const format = c.stream?.format ?? 'csv';
  return {
    format,
    path: `${c.name}/*`,
    ...(c.stream?.csv ? { csv: c.stream.csv } : {}),
    key: ['id'],
    columns: c.stream?.columns ?? standardColumns,
    ...(c.stream?.split_name ? { split_name: c.stream.split_name } : {}),
    ...(c.stream?.person ? { person: c.stream.person } : {}),
  };
}

export function sourcesYaml(cases: DataCase[]): string {
  const sources = Object.fromEntries(cases.map((c) => [c.name, { description: c.what, streams: { gifts: streamFor(c) } }]));
  return stringify({ version: 1, sources }, { lineWidth: 0 });
}

/** A project directory (not loaded: the CLI loads it) with the cases' config and files. */
export function hostileProject(cases: DataCase[], warehouse: WarehouseConfig): string {
  const dir = tempDir('cpm-hostile-');
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'cpm.yaml'), stringify({ name: 'hostile', warehouse, data_dir: 'data' }));
  writeFileSync(join(dir, 'config', 'sources.yaml'), sourcesYaml(cases));
  for (const c of cases) {
    const target = join(dir, 'data', c.name);
    mkdirSync(target, { recursive: true });
    const folder = join(casesDir, c.name);
    if (existsSync(folder)) cpSync(folder, target, { recursive: true });
    for (const [name, bytes] of Object.entries(c.generate?.() ?? {})) writeFileSync(join(target, name), bytes);
  }
  return dir;
}
