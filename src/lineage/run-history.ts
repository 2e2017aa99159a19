// Run history for `cpm runs`: each run with its steps, rows and durations, newest first.
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface RunStepRow {
  step: string;
  status: string;
  rows: number | null;
  duration_ms: number | null;
  detail: string | null;
}

export interface RunHistoryRow {
  run_id: string;
  command: string;
  status: string;
  warehouse: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  steps: RunStepRow[];
}

export async function runHistory(wh: Warehouse, options: { limit: number; runId?: string }): Promise<RunHistoryRow[]> {
  const d = wh.dialect;
  const ts = (c: string) => `${d.timestampToText(c)} AS ${c}`;
  const where = options.runId ? `WHERE run_id = ${d.stringLiteral(options.runId)}` : '';
  const runs = await wh.query(
    `SELECT run_id, command, status, warehouse, ${ts('started_at')}, ${ts('finished_at')}, error FROM ${qualified(d, 'meta.runs')} ${where} ORDER BY started_at DESC, run_id DESC LIMIT ${options.limit}`,
  );
  if (!runs.length) return [];
  const ids = runs.map((r) => d.stringLiteral(String(r['run_id']))).join(', ');
  const steps = await wh.query(`SELECT run_id, step, status, rows, duration_ms, detail FROM ${qualified(d, 'meta.run_steps')} WHERE run_id IN (${ids}) ORDER BY started_at, finished_at, step`);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return runs.map((r) => ({
    run_id: String(r['run_id']),
    command: String(r['command']),
    status: String(r['status']),
    warehouse: String(r['warehouse']),
    started_at: String(r['started_at']),
    finished_at: text(r['finished_at']),
    error: text(r['error']),
    steps: steps
      .filter((s) => s['run_id'] === r['run_id'])
      .map((s) => ({ step: String(s['step']), status: String(s['status']), rows: num(s['rows']), duration_ms: num(s['duration_ms']), detail: text(s['detail']) })),
  }));
}
