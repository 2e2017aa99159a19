// meta.runs and meta.run_steps: what ran, when, how long and with how many rows.
import { randomBytes } from 'node:crypto';
import { audit } from '../lineage/audit-log.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { faultPhase } from './fault-injection.js';
import { qualified } from './meta-tables.js';
import { nowText, type RunContext } from './run-context.js';
import { insertRows } from './sql-values.js';

export function newRunId(date = new Date()): string {
  return `${date.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

export async function startRun(wh: Warehouse, runId: string, command: string): Promise<void> {
  await insertRows(wh, 'meta.runs', ['run_id', 'command', 'status', 'warehouse', 'started_at'], [[runId, command, 'running', wh.dialect.name, nowText()]]);
  await audit(wh, { runId, action: 'run_start', detail: { command, warehouse: wh.dialect.name } });
}

export async function finishRun(wh: Warehouse, runId: string, status: 'succeeded' | 'failed', error?: string): Promise<void> {
  const d = wh.dialect;
  await wh.execute(
    `UPDATE ${qualified(d, 'meta.runs')} SET status = ${d.stringLiteral(status)}, finished_at = ${d.stringLiteral(nowText())}, error = ${d.literal(error ?? null)} WHERE run_id = ${d.stringLiteral(runId)}`,
  );
  await audit(wh, { runId, action: 'run_finish', detail: { status, ...(error ? { error } : {}) } });
}

export interface StepRecord {
  step: string;
  status: 'succeeded' | 'failed';
  startedAt: string;
  durationMs: number;
  rows?: number;
  bytes?: number;
  detail?: string;
}

export async function recordStep(ctx: RunContext, s: StepRecord): Promise<void> {
  await insertRows(
    ctx.wh,
    'meta.run_steps',
    ['run_id', 'step', 'status', 'rows', 'bytes', 'started_at', 'finished_at', 'duration_ms', 'detail'],
    [[ctx.runId, s.step, s.status, s.rows ?? null, s.bytes ?? null, s.startedAt, stepTime(), s.durationMs, s.detail ?? null]],
  );
  await audit(ctx.wh, { runId: ctx.runId, action: 'step', detail: { step: s.step, status: s.status, rows: s.rows ?? null, duration_ms: s.durationMs } });
}

/** Milliseconds, so `cpm runs` lists steps in the order they ran even when several share a second. */
export const stepTime = () => new Date().toISOString().slice(0, 23).replace('T', ' ');

export type StepMetrics = Pick<StepRecord, 'rows' | 'bytes' | 'detail'>;

/** Times a step and records it, whether it succeeds or fails. */
export async function timedStep<T>(ctx: RunContext, step: string, fn: () => Promise<T>, metrics: (v: T) => StepMetrics = () => ({})): Promise<T> {
  faultPhase(step); // names the step in the crash tests' trace (a no-op otherwise)
  const startedAt = stepTime();
  const started = performance.now();
  try {
    const value = await fn();
    await recordStep(ctx, { step, status: 'succeeded', startedAt, durationMs: Math.round(performance.now() - started), ...metrics(value) });
    return value;
  } catch (error) {
    await recordStep(ctx, { step, status: 'failed', startedAt, durationMs: Math.round(performance.now() - started), detail: String(error) }).catch(() => {});
    throw error;
  }
}
