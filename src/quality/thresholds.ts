// Warn and fail thresholds: `> 5`, `>= 1%`, `= 0`, `> 2d`. A threshold describes the bad state:
// the check warns (or fails) when the measured value satisfies it. A percentage compares the
// share of the table's rows; a duration (m, h, d) compares an age in hours (freshness).
import { thresholdPattern } from '../config/quality-schema.js';

export type Operator = '>' | '>=' | '<' | '<=' | '=' | '!=';
export type ThresholdUnit = 'count' | 'percent' | 'hours';
export type Outcome = 'pass' | 'warn' | 'fail';

export interface Threshold {
  op: Operator;
  value: number;
  unit: ThresholdUnit;
  /** As written in the YAML, for reports. */
  text: string;
}

const hoursPer = { m: 1 / 60, h: 1, d: 24 } as const;

export function parseThreshold(text: string): Threshold {
  const m = thresholdPattern.exec(text);
  if (!m) throw new Error(`not a threshold: "${text}"`);
  const [, op, number, suffix] = m;
  const n = Number(number);
  if (suffix === '%') return { op: op as Operator, value: n, unit: 'percent', text: text.trim() };
  if (suffix === 'm' || suffix === 'h' || suffix === 'd') return { op: op as Operator, value: n * hoursPer[suffix], unit: 'hours', text: text.trim() };
  return { op: op as Operator, value: n, unit: 'count', text: text.trim() };
}

export function compare(left: number, op: Operator, right: number): boolean {
  switch (op) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '=':
      return left === right;
    case '!=':
      return left !== right;
  }
}

export interface Measurement {
  /** A count, or an age in hours (freshness); null when there was nothing to measure. */
  value: number | null;
  /** value as a percentage of the rows it was counted over (counts only). */
  percent: number | null;
}

/** Whether the measurement is in the threshold's state; a missing value always is. */
export function breaches(t: Threshold, m: Measurement): boolean {
  const v = t.unit === 'percent' ? m.percent : m.value;
  return v === null || compare(v, t.op, t.value);
}

export function outcomeOf(m: Measurement, thresholds: { warn?: Threshold; fail?: Threshold }): Outcome {
  if (thresholds.fail && breaches(thresholds.fail, m)) return 'fail';
  if (thresholds.warn && breaches(thresholds.warn, m)) return 'warn';
  return 'pass';
}
