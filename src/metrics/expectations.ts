// A metric's expectations (bounds, the largest believable move since the previous period, and
// breakdowns that must add up), checked on every computed value. A failure is a failed check
// (exit 1), not an error: the value is still stored and shown.
import type { Metric } from './dictionary.js';
import type { MetricResult } from './metric-values.js';

export interface ExpectationFailure {
  metric: string;
  as_of_date: string;
  expectation: 'min' | 'max' | 'max_change' | 'additive';
  message: string;
}

export function checkExpectations(metric: Metric, result: MetricResult, previous?: MetricResult): ExpectationFailure[] {
  const e = metric.definition.expectations;
  if (!e) return [];
  const failures: ExpectationFailure[] = [];
  const fail = (expectation: ExpectationFailure['expectation'], message: string) => failures.push({ metric: metric.name, as_of_date: result.as_of_date, expectation, message });
  const v = result.value;
  if (v !== null && e.min !== undefined && v < e.min) fail('min', `${v} is below the minimum ${e.min}`);
  if (v !== null && e.max !== undefined && v > e.max) fail('max', `${v} is above the maximum ${e.max}`);
  if (e.max_change && previous?.value != null && v !== null && previous.value !== 0) {
    const change = (Math.abs(v - previous.value) / Math.abs(previous.value)) * 100;
    if (change > e.max_change.percent) fail('max_change', `moved ${change.toFixed(1)}% since ${previous.as_of_date} (${previous.value} -> ${v}); at most ${e.max_change.percent}% expected`);
  }
  if (e.additive && v !== null) {
    for (const [dimension, values] of Object.entries(result.dimensions)) {
      const sum = Object.values(values).reduce<number>((s, x) => s + (x ?? 0), 0);
      if (Math.abs(sum - v) > 1e-6 * Math.max(1, Math.abs(v))) fail('additive', `the ${dimension} breakdown sums to ${sum}, the total is ${v}`);
    }
  }
  return failures;
}
