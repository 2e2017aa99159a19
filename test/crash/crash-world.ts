// The small world the crash tests kill runs over, and throw-away projects on it. The exports sit
// in two shared folders (the initial load; the initial load plus one daily batch), so every
// project reads the very same files (same path, size and mtime, which meta.batch_files records).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { stringify } from 'yaml';
import { loadProject, type Project } from '../../src/config/project.js';
import type { WarehouseConfig } from '../../src/config/project-schema.js';
import { packageRoot } from '../../src/project/init.js';
import { generateWorld } from '../../src/synth/index.js';
import { tempDir } from '../support/project.js';

export interface CrashWorld {
  /** The initial exports only. */
  initial: string;
  /** The initial exports and the first daily batch (`cpm generate --days 1`). */
  daily: string;
}

export async function makeCrashWorld(scale: number, seed: number): Promise<CrashWorld> {
  const generated = tempDir('cpm-crash-world-');
  await generateWorld({ scale, seed, days: 1, outDir: generated });
  const files = readdirSync(generated, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !relative(generated, e.parentPath).startsWith('_'))
    .map((e) => relative(generated, join(e.parentPath, e.name)));
  const world = { initial: tempDir('cpm-crash-initial-'), daily: tempDir('cpm-crash-daily-') };
  for (const f of files) {
    // preserveTimestamps: both folders hold the same file with the same mtime.
    if (f.includes('_initial.')) cpSync(join(generated, f), join(world.initial, f), { preserveTimestamps: true });
    cpSync(join(generated, f), join(world.daily, f), { preserveTimestamps: true });
  }
  writeDonorUpdates(join(world.initial, donorsInitial), join(world.daily, 'wbez_donations/donors/donors_updates.csv'));
  return world;
}

const donorsInitial = 'wbez_donations/donors/donors_initial.csv';

/**
 * A small world's daily batch changes almost no person record, so incremental resolution would
 * hardly be exercised. This export re-sends a tenth of the donors as the CRM would after edits:
 * some take another donor's email (their people merge), some get a new email and phone (people
 * split off), all move house; each is newer than the initial export.
 */
function writeDonorUpdates(initialFile: string, out: string): void {
  const [header, ...rows] = parse(readFileSync(initialFile, 'utf8')) as string[][];
  const col = (name: string) => header!.indexOf(name);
  const [email, phone, address, modified] = [col('Email'), col('Phone'), col('AddressLine1'), col('LastModified')];
  const updates = rows.flatMap((row, i) => {
    if (i % 10 !== 3) return [];
    const next = [...row];
    if (i % 20 === 3) next[email] = rows[i + 1]?.[email] ?? row[email]!;
    else {
      next[email] = `moved${i}@example.org`;
      next[phone] = `(312) 555-${String(1000 + i).slice(-4)}`;
    }
    next[address] = `${100 + i} N State St`;
    next[modified] = '07/01/2026 09:00:00';
    return [next];
  });
  const csv = (r: string[]) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
  writeFileSync(out, [header!, ...updates].map(csv).join('\n') + '\n');
}

/** A project on the given warehouse that reads `dataDir`; `dir` keeps an existing folder. */
export function crashProject(warehouse: WarehouseConfig, dataDir: string, dir = tempDir('cpm-crash-project-')): Project {
  mkdirSync(dir, { recursive: true });
  cpSync(join(packageRoot, 'config'), join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'cpm.yaml'), stringify({ name: 'crash', warehouse, data_dir: dataDir }));
  return loadProject(dir);
}

/**
 * A new project whose warehouse is a copy of `from`'s as it is now: the starting point of the
 * incremental scenario, taken once and copied for every kill point.
 */
export async function cloneProject(from: Project, dataDir: string): Promise<Project> {
  const wh = from.config.warehouse;
  const dir = tempDir('cpm-crash-project-');
  if (wh.type === 'duckdb') {
    // The file is closed (its CLI process has exited), so a copy is a consistent copy.
    cpSync(join(from.root, 'warehouse'), join(dir, 'warehouse'), { recursive: true });
    return crashProject(wh, dataDir, dir);
  }
  if (wh.type !== 'postgres') throw new Error(`cloneProject: no copy for ${wh.type}`);
  const source = new URL(wh.url);
  const name = `${source.pathname.slice(1)}_c${Math.random().toString(16).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: wh.url.replace(source.pathname, '/postgres') });
  await admin.connect();
  try {
    // A template must have no other session: every CLI process that used it has exited.
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.pathname.slice(1)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(wh.url);
  url.pathname = `/${name}`;
  return crashProject({ ...wh, url: url.toString() }, dataDir, dir);
}
