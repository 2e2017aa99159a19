// `cpm metrics diff`: today's values against an earlier run's (or a saved JSON file's), flagging
// every total or breakdown value that moved more than a threshold — the first question of the
// blueprint's rollback tree (9.2): did the numbers move more than they should have?
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/cpm-error.js';
import type { MetricResult } from './metric-values.js';

export interface ValueChange {
  metric: string;
  as_of_date: string;
  /** 'total' or `dimension=value`. */
  slice: string;
  before: number | null;
  after: number | null;
  /** Percent change; null when either side is null or the old value is 0 and the new one is too. */
  change_percent: number | null;
  flagged: boolean;
}

export function parseThreshold(text: string): number {
  const n = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0) throw new ConfigError([`--threshold ${text}: expected a percentage like 5%`], 'write --threshold 5%');
  return n;
}

/** Results saved by `cpm metrics compute --json` (one object or an array). */
export function readResultsFile(file: string): MetricResult[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${file}: cannot read metric values (${(e as Error).message})`], 'save values with `cpm metrics compute --json > FILE`');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((r, i) => {
    const ok = r && typeof r === 'object' && typeof r.metric === 'string' && typeof r.as_of_date === 'string' && (typeof r.value === 'number' || r.value === null);
    if (!ok) throw new ConfigError([`${file}: entry ${i} is not a metric value ({"metric","value","as_of_date",...})`], 'save values with `cpm metrics compute --json > FILE`');
  });
  return list as MetricResult[];
}

export function diffResults(before: MetricResult[], after: MetricResult[], thresholdPercent: number): ValueChange[] {
  const now = new Map(after.map((r) => [`${r.metric}|${r.as_of_date}`, r]));
  const changes: ValueChange[] = [];
  for (const old of before) {
    const current = now.get(`${old.metric}|${old.as_of_date}`);
    const compare = (slice: string, b: number | null, a: number | null) => {
      const change = b === null || a === null ? null : b === 0 ? (a === 0 ? 0 : null) : ((a - b) / Math.abs(b)) * 100;
      const flagged = change === null ? b !== a : Math.abs(change) > thresholdPercent;
      changes.push({ metric: old.metric, as_of_date: old.as_of_date, slice, before: b, after: a, change_percent: change, flagged });
    };
    compare('total', old.value, current?.value ?? null);
    for (const [dimension, values] of Object.entries(old.dimensions ?? {})) {
      for (const [key, value] of Object.entries(values)) compare(`${dimension}=${key}`, value, current?.dimensions[dimension]?.[key] ?? null);
    }
  }
  return changes;
}
