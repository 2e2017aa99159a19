// Whether resolution has anything new to do: it rebuilds golden from staging, so a run with no
// new batch, the same rules and lookups, and no new review decision would only rewrite the same
// tables (and their timestamps). The fingerprint of those inputs is kept in meta.model_state.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../config/project.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { reviewDecisionsTable } from './identity-tables.js';

const stateKey = 'identity.resolve';

export async function resolveInputsFingerprint(wh: Warehouse, project: Project): Promise<string> {
  const d = wh.dialect;
  const [batches] = await wh.query(`SELECT MAX(batch_id) AS b FROM ${qualified(d, 'meta.batches')} WHERE status = 'loaded'`);
  const [reviews] = await wh.query(`SELECT COUNT(*) AS n, MAX(decided_at) AS last FROM ${qualified(d, reviewDecisionsTable)}`);
  const seedsDir = project.path('config/seeds');
  const seeds = readdirSync(seedsDir)
    .sort()
    .map((f) => readFileSync(join(seedsDir, f), 'utf8'));
  const inputs = [JSON.stringify(project.identity), JSON.stringify(project.sources), ...seeds, String(batches?.['b']), String(reviews?.['n']), String(reviews?.['last'])];
  return createHash('sha256').update(inputs.join('\u0000')).digest('hex');
}

export async function lastResolveFingerprint(wh: Warehouse): Promise<string | null> {
  const d = wh.dialect;
  const [row] = await wh.query(`SELECT MAX(fingerprint) AS f FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(stateKey)}`);
  return (row?.['f'] as string | null | undefined) ?? null;
}

export async function saveResolveFingerprint(wh: Warehouse, fingerprint: string): Promise<void> {
  const d = wh.dialect;
  const source = `SELECT ${d.stringLiteral(stateKey)} AS model, CAST(NULL AS ${d.type('bigint')}) AS last_batch_id, ${timestampLiteral(d, nowText())} AS updated_at, ${d.stringLiteral(fingerprint)} AS fingerprint`;
  await wh.execute(d.merge({ target: qualified(d, 'meta.model_state'), source, keys: ['model'], columns: ['model', 'last_batch_id', 'updated_at', 'fingerprint'] }));
}
