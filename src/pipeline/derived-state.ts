// Marts and metrics are derived from the golden layer, the as-of date and their config. When
// none of those changed since they were last built, `cpm run` leaves them alone: a second run
// over the same exports then changes no table (metrics.metric_values gains no duplicate rows).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qualified } from './meta-tables.js';
import { packageSqlDir } from './models/sql-templates.js';
import type { RunContext } from './run-context.js';
import { nowText } from './run-context.js';
import { timestampLiteral } from './sql-values.js';

const stateKey = 'pipeline.derived';
const configFiles = ['config/calendar.yaml', 'config/lifecycle.yaml', 'config/metrics_definitions.yaml'];

/** Everything marts and metrics as of `asOf` depend on, hashed. */
export async function derivedFingerprint(ctx: RunContext, asOf: string): Promise<string> {
  const d = ctx.wh.dialect;
  const [golden] = await ctx.wh.query(`SELECT ${d.timestampToText('updated_at')} AS at, fingerprint FROM ${qualified(d, 'meta.model_state')} WHERE model = 'identity.resolve'`);
  const sqlFiles = ['dimensions', 'marts'].flatMap((dir) => {
    const path = join(packageSqlDir, dir);
    return existsSync(path) ? readdirSync(path).sort().map((f) => readFileSync(join(path, f), 'utf8')) : [];
  });
  const config = configFiles.map((f) => (existsSync(ctx.project.path(f)) ? readFileSync(ctx.project.path(f), 'utf8') : ''));
  const parts = [asOf, String(golden?.['at']), String(golden?.['fingerprint']), ...config, ...sqlFiles];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export async function derivedUpToDate(ctx: RunContext, fingerprint: string): Promise<boolean> {
  const d = ctx.wh.dialect;
  const [row] = await ctx.wh.query(`SELECT fingerprint FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(stateKey)}`);
  return row?.['fingerprint'] === fingerprint;
}

export async function saveDerivedState(ctx: RunContext, fingerprint: string): Promise<void> {
  const d = ctx.wh.dialect;
  const source = `SELECT ${d.stringLiteral(stateKey)} AS model, CAST(NULL AS ${d.type('bigint')}) AS last_batch_id, ${timestampLiteral(d, nowText())} AS updated_at, ${d.stringLiteral(fingerprint)} AS fingerprint`;
  await ctx.wh.execute(d.merge({ target: qualified(d, 'meta.model_state'), source, keys: ['model'], columns: ['model', 'last_batch_id', 'updated_at', 'fingerprint'] }));
}

/** The next `cpm run` rebuilds marts and metrics. */
export async function forgetDerivedState(ctx: RunContext): Promise<void> {
  const d = ctx.wh.dialect;
  await ctx.wh.execute(`DELETE FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(stateKey)}`);
}
