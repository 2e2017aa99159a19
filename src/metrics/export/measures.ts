// What the exports share: a base metric as one measure (an aggregation and the SQL it
// aggregates, with the WHERE folded in), rendered for the warehouse the BI tool queries, with
// CURRENT_DATE as the engine's own current date (BI tools ask "as of now").
import type { Dialect } from '../../dialect/dialect.js';
import { render, type RenderContext } from '../calculation/render.js';
import type { Metric } from '../dictionary.js';

export type MeasureAgg = 'count' | 'count_distinct' | 'sum' | 'average' | 'min' | 'max';

export interface Measure {
  agg: MeasureAgg;
  /** SQL over the model's columns (as `column` renders them). */
  expr: string;
}

export function exportContext(d: Dialect, fiscalYearStartMonth: number, column: (name: string) => string): RenderContext {
  return { dialect: d, currentDate: 'CURRENT_DATE', column, fiscalYearStartMonth };
}

/** The metric as a single measure, or why it cannot be one (then it is left out, with the reason). */
export function measureOf(metric: Metric, ctx: RenderContext): Measure | string {
  const e = metric.calc?.select;
  if (!e) return 'a derived metric';
  if (e.kind !== 'aggregate') return 'its calculation is an expression over several aggregates';
  const filter = metric.calc!.where ? render(metric.calc!.where, ctx) : undefined;
  if (e.arg === '*') return { agg: 'sum', expr: filter ? `CASE WHEN ${filter} THEN 1 ELSE 0 END` : '1' };
  const arg = render(e.arg, ctx);
  const expr = filter ? `CASE WHEN ${filter} THEN ${arg} END` : arg;
  const agg: Record<string, MeasureAgg> = { COUNT: e.distinct ? 'count_distinct' : 'count', SUM: 'sum', AVG: 'average', MIN: 'min', MAX: 'max' };
  if (e.distinct && e.name !== 'COUNT') return `${e.name}(DISTINCT ...) has no measure type`;
  return { agg: agg[e.name]!, expr };
}

/** Governance fields every export carries along. */
export function governance(metric: Metric): Record<string, unknown> {
  const d = metric.definition;
  return { version: d.version, status: d.status, business_owner: d.business_owner, approved_by: d.approved_by, approved_at: d.approved_at, caveats: d.caveats, fingerprint: metric.fingerprint };
}
