// Check outcomes: what each check measured and concluded, stored in quality.check_results per run.
import type { CheckKind, QualityLayer } from '../config/quality-schema.js';
import { insertRows } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Outcome } from './thresholds.js';

export interface CheckResult {
  table: string;
  layer: QualityLayer;
  name: string;
  kind: CheckKind;
  column: string | null;
  outcome: Outcome;
  /** Rows (most kinds), hours (freshness) or problems (schema); null when nothing was measured. */
  measured: number | null;
  /** measured as a share of the rows it was counted over. */
  percent: number | null;
  failingRows: number | null;
  totalRows: number | null;
  warn: string | null;
  fail: string | null;
  detail: string;
}

export interface QualityCounts {
  checks: number;
  pass: number;
  warn: number;
  fail: number;
}

export function countOutcomes(results: readonly CheckResult[]): QualityCounts {
  const n = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return { checks: results.length, pass: n('pass'), warn: n('warn'), fail: n('fail') };
}

export async function recordResults(wh: Warehouse, runId: string, at: string, results: readonly CheckResult[]): Promise<void> {
  const columns = ['run_id', 'checked_at', 'layer', 'table_name', 'check_name', 'check_type', 'column_name', 'outcome', 'measured', 'measured_percent', 'failing_rows', 'total_rows', 'warn_threshold', 'fail_threshold', 'detail'];
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
  await insertRows(
    wh,
    'quality.check_results',
    columns,
    results.map((r) => [runId, at, r.layer, r.table, r.name, r.kind, r.column, r.outcome, round(r.measured), round(r.percent), r.failingRows, r.totalRows, r.warn, r.fail, r.detail]),
  );
}

/** "staging.x: missing(email)" lines for messages. */
export function describeFailures(results: readonly CheckResult[], outcome: Outcome = 'fail'): string[] {
  return results.filter((r) => r.outcome === outcome).map((r) => `${r.table}: ${r.name} (${r.detail})`);
}
