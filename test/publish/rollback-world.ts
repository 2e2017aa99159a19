// A small synthetic world fed to a project in two batches (the initial export, then the daily
// files), and checksums of the tables a snapshot keeps, for the rollback tests.
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Project } from '../../src/config/project.js';
import { readSnapshotRows } from '../../src/publish/snapshot-store.js';
import { generateWorld } from '../../src/synth/index.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { tableDigest } from '../support/digest.js';
import { tempDir } from '../support/project.js';

export interface BatchedWorld {
  /** Copies the initial export (batch A) or every daily file (batch B) into the project. */
  feed(project: Project, batch: 'A' | 'B'): void;
}

export async function batchedWorld(scale: number, days: number): Promise<BatchedWorld> {
  const dir = tempDir('cpm-rollback-world-');
  await generateWorld({ scale, seed: 17, days, outDir: dir });
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !relative(dir, e.parentPath).startsWith('_'))
    .map((e) => relative(dir, join(e.parentPath, e.name)));
  return {
    feed(project, batch) {
      const initial = (f: string) => /_initial\.(csv|jsonl)$/.test(f);
      for (const f of files.filter((f) => (batch === 'A' ? initial(f) : !initial(f)))) cpSync(join(dir, f), join(project.dataDir, f));
    },
  };
}

/** Columns that say when, or in which run, a row was written rather than what it says. */
export const writtenWhen = ['matched_at', 'created_at', 'updated_at', 'run_id', 'changed_at', 'decided_at', 'logged_at'];

/** Checksums of every table run `runId`'s snapshot keeps, as they are now, and the state rows it
 * restores; columns in `exclude` are left out. */
export async function snapshotDigests(wh: Warehouse, runId: string, exclude: string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of await readSnapshotRows(wh, runId)) {
    if (r.method === 'rows') continue;
    const [schema, table] = r.table.split('.') as [string, string];
    out[r.table] = await tableDigest(wh, schema, table, exclude);
  }
  const d = wh.dialect;
  const state = await wh.query(`SELECT model, last_batch_id, ${d.timestampToText('updated_at')} AS updated_at, fingerprint FROM ${d.table('meta', 'model_state')} WHERE model IN ('identity.resolve', 'pipeline.derived') ORDER BY model`);
  out['meta.model_state'] = JSON.stringify(state.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !exclude.includes(k)))));
  return out;
}
