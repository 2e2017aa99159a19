// Computes metrics in the warehouse: one query per metric for every as-of date asked for, the
// results in the blueprint's shape, each value stored in metrics.metric_values and checked
// against the metric's expectations.
import type { Project } from '../config/project.js';
import { nowText } from '../pipeline/run-context.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { compileMetric } from './compile.js';
import { type Dictionary, loadDictionary } from './dictionary.js';
import { checkExpectations, type ExpectationFailure } from './expectations.js';
import { ensureMetricValues, type MetricResult, recordValues } from './metric-values.js';
import { previousPeriod } from './periods.js';

/** The fiscal year's first month, from config/calendar.yaml. */
export function fiscalYearStartMonth(project: Project): number {
  return project.calendar.fiscal_year_start_month;
}

export function projectDictionary(project: Project): Dictionary {
  return loadDictionary(project.path('config/metrics_definitions.yaml'), fiscalYearStartMonth(project));
}

export interface ComputeOptions {
  asOf: string[];
  fiscalYearStartMonth: number;
  runId: string;
  /** Check expectations (needs the value one period before each as-of date; computed alongside). */
  check?: boolean;
  /** Break each value down by the metric's dimensions (default true). */
  breakdown?: boolean;
}

export interface ComputeResult {
  results: MetricResult[];
  failures: ExpectationFailure[];
  seconds: Record<string, number>;
}

export async function computeMetrics(wh: Warehouse, dict: Dictionary, names: string[], options: ComputeOptions): Promise<ComputeResult> {
  await ensureMetricValues(wh);
  const computedAt = nowText();
  const out: ComputeResult = { results: [], failures: [], seconds: {} };
  for (const name of names) {
    const metric = dict.metrics.get(name)!;
    const period = metric.definition.expectations?.max_change?.period;
    const previous = new Map(options.check && period ? options.asOf.map((day) => [day, previousPeriod(day, period)]) : []);
    const started = performance.now();
    const all = await queryMetric(wh, dict, name, [...new Set([...options.asOf, ...previous.values()])], options.fiscalYearStartMonth, options.breakdown ?? true);
    out.seconds[name] = (performance.now() - started) / 1000;
    const byDate = new Map(all.map((r) => [r.as_of_date, r]));
    const results = options.asOf.map((day) => byDate.get(day)!);
    await recordValues(wh, options.runId, metric, results, computedAt);
    out.results.push(...results);
    if (options.check) for (const r of results) out.failures.push(...checkExpectations(metric, r, byDate.get(previous.get(r.as_of_date) ?? '')));
  }
  return out;
}

/** One result per as-of date (a date with no rows at all gets value null). */
export async function queryMetric(wh: Warehouse, dict: Dictionary, name: string, asOf: string[], fiscalYearStartMonth: number, breakdown = true): Promise<MetricResult[]> {
  const metric = dict.metrics.get(name)!;
  const dimensions = breakdown ? metric.dimensions.map((dim) => dim.name) : [];
  const rows = await wh.query(compileMetric(dict, name, wh.dialect, { asOf, fiscalYearStartMonth, dimensions }));
  const results = new Map(asOf.map((day) => [day, { metric: name, value: null, as_of_date: day, definition_version: metric.definition.version, dimensions: Object.fromEntries(dimensions.map((dim) => [dim, {}])) } as MetricResult]));
  // Breakdown values in name order; slices the metric does not reach (0 or no rows) are left out.
  rows.sort((a, b) => String(a['dimension_value']).localeCompare(String(b['dimension_value'])));
  for (const row of rows) {
    const result = results.get(String(row['as_of_date']))!;
    const value = row['value'] === null ? null : Number(row['value']);
    if (row['dimension'] === null) result.value = value;
    else if (value) result.dimensions[String(row['dimension'])]![String(row['dimension_value'])] = value;
  }
  return [...results.values()];
}
