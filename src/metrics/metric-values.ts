// metrics.metric_values: every computed value with the definition version and fingerprint it
// was computed with, so a number can be traced to its definition and compared across runs.
import { createTableSql, qualified } from '../pipeline/meta-tables.js';
import { insertRows, type Literal } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Metric } from './dictionary.js';

const metricValuesTable = 'metrics.metric_values';

/** One computed value: the blueprint's output shape (section 4.2). */
export interface MetricResult {
  metric: string;
  value: number | null;
  as_of_date: string;
  definition_version: string;
  dimensions: Record<string, Record<string, number | null>>;
}

export async function ensureMetricValues(wh: Warehouse): Promise<void> {
  const d = wh.dialect;
  await wh.execute(d.createSchema('metrics'));
  await wh.execute(
    createTableSql(d, metricValuesTable, [
      ['run_id', 'text'],
      ['metric', 'text'],
      ['as_of_date', 'date'],
      ['dimension', 'text'], // NULL for the total
      ['dimension_value', 'text'],
      ['value', 'double'],
      ['definition_version', 'text'],
      ['definition_fingerprint', 'text'],
      ['computed_at', 'timestamp'],
    ]),
  );
}

export async function recordValues(wh: Warehouse, runId: string, metric: Metric, results: MetricResult[], computedAt: string): Promise<void> {
  const rows: Literal[][] = [];
  for (const r of results) {
    const base = [runId, r.metric];
    const tail = [r.definition_version, metric.fingerprint, computedAt];
    rows.push([...base, r.as_of_date, null, null, r.value, ...tail]);
    for (const [dimension, values] of Object.entries(r.dimensions)) {
      for (const [key, value] of Object.entries(values)) rows.push([...base, r.as_of_date, dimension, key, value, ...tail]);
    }
  }
  // A run killed (or failed) part way through the metrics step left some of its values; the run
  // after it computes them again. Its values replace that run's for the same metric and dates,
  // so the history holds each computation once (crash safety, docs/crash-safety.md). A run whose
  // metrics step had finished is not computed again, and its values stay.
  const d = wh.dialect;
  const dates = [...new Set(results.map((r) => d.stringLiteral(r.as_of_date)))];
  if (dates.length) {
    // deleteWhere: Delta's DELETE takes no subquery.
    await wh.execute(
      d.deleteWhere(
        qualified(d, metricValuesTable),
        `metric = ${d.stringLiteral(metric.name)} AND as_of_date IN (${dates.map((v) => `CAST(${v} AS ${d.type('date')})`).join(', ')}) ` +
          `AND run_id IN (SELECT run_id FROM ${qualified(d, 'meta.runs')} WHERE status IN ('interrupted', 'failed'))`,
      ),
    );
  }
  await insertRows(wh, metricValuesTable, ['run_id', 'metric', 'as_of_date', 'dimension', 'dimension_value', 'value', 'definition_version', 'definition_fingerprint', 'computed_at'], rows);
}

/** The values a run stored, as results (for `metrics diff --against RUN_ID`). */
export async function valuesOfRun(wh: Warehouse, runId: string): Promise<MetricResult[]> {
  const d = wh.dialect;
  const rows = await wh.query(
    `SELECT metric, ${d.cast('as_of_date', 'text')} AS as_of_date, dimension, dimension_value, value, definition_version FROM ${qualified(d, metricValuesTable)} WHERE run_id = ${d.stringLiteral(runId)} ORDER BY metric, as_of_date`,
  );
  const byKey = new Map<string, MetricResult>();
  for (const row of rows) {
    const key = `${row['metric']}|${row['as_of_date']}`;
    let result = byKey.get(key);
    if (!result) {
      result = { metric: String(row['metric']), value: null, as_of_date: String(row['as_of_date']), definition_version: String(row['definition_version']), dimensions: {} };
      byKey.set(key, result);
    }
    const value = row['value'] === null ? null : Number(row['value']);
    if (row['dimension'] === null) result.value = value;
    else (result.dimensions[String(row['dimension'])] ??= {})[String(row['dimension_value'])] = value;
  }
  return [...byKey.values()];
}

/** The fingerprints stored per (metric, version), for the version lint. */
export async function storedFingerprints(wh: Warehouse): Promise<Array<{ metric: string; version: string; fingerprint: string }>> {
  const d = wh.dialect;
  if (!(await wh.tableExists({ schema: 'metrics', name: 'metric_values' }))) return [];
  const rows = await wh.query(`SELECT DISTINCT metric, definition_version, definition_fingerprint FROM ${qualified(d, metricValuesTable)}`);
  return rows.map((r) => ({ metric: String(r['metric']), version: String(r['definition_version']), fingerprint: String(r['definition_fingerprint']) }));
}
