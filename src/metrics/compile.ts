// Compiles a metric into one SELECT for a dialect. The as-of dates are rows of a small table, so
// a single value and a 36-month series are the same query: every row of the model is read only
// up to its as-of date, entity columns are aggregated per (as-of date, key), and the metric is
// aggregated per as-of date — with each listed dimension as a grouping set beside the total.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { type Calculation, columnsOf, type Expr } from './calculation/ast.js';
import { CalculationError } from './calculation/parse.js';
import { render, renderCalculation, type RenderContext } from './calculation/render.js';
import { closure, type Dictionary, type Metric, type SemanticModel } from './dictionary.js';
import { ignoresNeutralRows } from './neutral-row.js';

export interface CompileOptions {
  /** As-of dates, YYYY-MM-DD. */
  asOf: string[];
  fiscalYearStartMonth: number;
  /** Dimensions to break down by (default: every dimension the metric lists). */
  dimensions?: string[];
  /** Read only the events some needed column counts, when that cannot change the value
   * (neutral-row.ts). Default true; tests turn it off to prove the numbers are the same. */
  pushdown?: boolean;
}

/** Output columns: as_of_date, dimension (NULL for the total), dimension_value, value. */
export function compileMetric(dict: Dictionary, name: string, d: Dialect, options: CompileOptions): string {
  const metric = dict.metrics.get(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const model = dict.models.get(metric.from)!;
  const dimensions = options.dimensions ?? metric.dimensions.map((x) => x.name);
  const dimColumns = dimensions.map((dim) => model.dimensions[dim]!);
  const q = (n: string) => d.quoteIdent(n);
  const asOfDate = q('as_of_date');

  // Expressions of the as-of date alone become columns of the as-of table (render.ts).
  const hoisted = new Map<string, string>();
  const asOfColumns = {
    currentDate: `d.${asOfDate}`,
    add: (sql: string) => {
      if (!hoisted.has(sql)) hoisted.set(sql, q(`as_of_${hoisted.size + 1}`));
      return `a.${hoisted.get(sql)}`;
    },
  };
  // Every as-of date gets a row, also one with no model rows at all (a count of 0, not a gap):
  // the as-of table is LEFT JOINed, so on such a date `r` is one row of NULLs.
  const metricCtx: RenderContext = {
    dialect: d,
    currentDate: `a.${asOfDate}`,
    column: (c) => `r.${q(c)}`,
    fiscalYearStartMonth: options.fiscalYearStartMonth,
    rowMarker: `r.${asOfDate}`,
    asOfColumns,
  };
  const value = metricValue(dict, metric, metricCtx);
  const needed = closure(model, [...metricColumns(dict, metric), ...dimColumns]);
  // A table model's rows are filtered by every aggregate's WHERE anyway; an entity's need proof.
  const pushdown = options.pushdown !== false && (!model.from || ignoresNeutralRows(metric, dict.metrics, model));
  const rowCtes = modelCtes(dict, model, needed, d, { fiscalYearStartMonth: options.fiscalYearStartMonth, pushdown, rowFilters: baseCalculations(dict, metric).map((c) => c.where), asOfColumns });
  const dates = options.asOf.map((day) => `SELECT ${d.cast(d.stringLiteral(day), 'date')} AS ${asOfDate}`).join(' UNION ALL ');
  const asOfCte = `${q('as_of')} AS (SELECT d.${asOfDate}${[...hoisted].map(([sql, name]) => `, ${sql} AS ${name}`).join('')} FROM (${dates}) d)`;
  const ctes = [asOfCte, ...rowCtes];

  // The hoisted columns depend on the as-of date alone; grouping by them too lets the metric use them outside aggregates.
  const { label, dimValue, groupBy } = breakdown(d, dimensions, dimColumns, [`a.${asOfDate}`, ...[...hoisted.values()].map((c) => `a.${c}`)]);
  return [
    `WITH ${ctes.join(',\n')}`,
    `SELECT a.${asOfDate} AS ${asOfDate}, ${label} AS ${q('dimension')}, ${dimValue} AS ${q('dimension_value')}, ${d.cast(value, 'double')} AS ${q('value')}`,
    `FROM ${q('as_of')} a LEFT JOIN ${q('metric_rows')} r ON r.${asOfDate} = a.${asOfDate}`,
    `GROUP BY ${groupBy}`,
  ].join('\n');
}

/** The grouping sets of the total and of each dimension, and which slice a result row is. */
function breakdown(d: Dialect, dimensions: string[], dimColumns: string[], keys: string[]): { label: string; dimValue: string; groupBy: string } {
  const groupKeys = keys.join(', ');
  if (!dimensions.length) return { label: d.cast('NULL', 'text'), dimValue: d.cast('NULL', 'text'), groupBy: groupKeys };
  const dimSql = dimColumns.map((c) => `r.${d.quoteIdent(c)}`);
  return {
    label: `CASE ${dimensions.map((dim, i) => `WHEN GROUPING(${dimSql[i]}) = 0 THEN ${d.stringLiteral(dim)}`).join(' ')} END`,
    dimValue: `CASE ${dimSql.map((s) => `WHEN GROUPING(${s}) = 0 THEN COALESCE(${d.cast(s, 'text')}, '(none)')`).join(' ')} END`,
    groupBy: `GROUPING SETS ((${groupKeys}), ${dimSql.map((s) => `(${groupKeys}, ${s})`).join(', ')})`,
  };
}

/** Every column of a model as of one date (an SQL expression such as CURRENT_DATE): the relation a
 * BI tool reads when the dictionary is exported (export/). */
export function modelRowsSql(dict: Dictionary, modelName: string, d: Dialect, fiscalYearStartMonth: number, asOf: string): string {
  const model = dict.models.get(modelName)!;
  const q = (n: string) => d.quoteIdent(n);
  const ctes = modelCtes(dict, model, [...model.columns.keys()], d, { fiscalYearStartMonth, pushdown: false, rowFilters: [] });
  return `WITH ${q('as_of')} AS (SELECT ${asOf} AS ${q('as_of_date')}),\n${ctes.join(',\n')}\nSELECT * FROM ${q('metric_rows')}`;
}

/** The metric's value as one aggregate expression over the model's rows (aliased `r`; the as-of table is `a`). */
function metricValue(dict: Dictionary, metric: Metric, ctx: RenderContext): string {
  if (metric.calc) return renderCalculation(countKeyAsRows(metric.calc, dict.models.get(metric.from)!.key), ctx);
  // A derived metric inlines the metrics it names: all read the same model, so one pass computes them.
  return render(metric.expression!, { ...ctx, column: (name, line) => {
    const other = dict.metrics.get(name);
    if (!other) throw new CalculationError(`no metric ${name}`, line);
    return `(${metricValue(dict, other, ctx)})`;
  } });
}

/** An entity has one row per key and as-of date, so COUNT(DISTINCT key) is a plain row count —
 * which spares the engine a distinct hash set per group. */
function countKeyAsRows(calc: Calculation, key: string | undefined): Calculation {
  const e = calc.select;
  if (key && e.kind === 'aggregate' && e.name === 'COUNT' && e.distinct && e.arg !== '*' && e.arg.kind === 'column' && e.arg.name === key) {
    return { ...calc, select: { ...e, distinct: false, arg: '*' } };
  }
  return calc;
}

/** The calculations of the base metrics a metric is built from (itself, if it is one). */
function baseCalculations(dict: Dictionary, metric: Metric): Calculation[] {
  if (metric.calc) return [metric.calc];
  return [...columnsOf(metric.expression)].flatMap((name) => baseCalculations(dict, dict.metrics.get(name)!));
}

/** Model columns a metric reads, through the metrics it builds on. */
function metricColumns(dict: Dictionary, metric: Metric): string[] {
  return baseCalculations(dict, metric).flatMap((c) => [...columnsOf(c.select), ...columnsOf(c.where)]);
}

/** CTEs ending in `metric_rows`: the model's rows per as-of date, with only the columns needed. */
interface RowOptions {
  fiscalYearStartMonth: number;
  /** Filter the model's rows (see CompileOptions.pushdown); `rowFilters` are the metric's WHEREs. */
  pushdown: boolean;
  rowFilters: Array<Expr | undefined>;
  asOfColumns?: RenderContext['asOfColumns'];
}

function modelCtes(dict: Dictionary, model: SemanticModel, needed: string[], d: Dialect, { fiscalYearStartMonth, pushdown, rowFilters, asOfColumns }: RowOptions): string[] {
  const q = (n: string) => d.quoteIdent(n);
  const asOfDate = q('as_of_date');
  const base = model.from ? dict.models.get(model.from)! : model;
  const from = `${qualified(d, base.table!)} t JOIN ${q('as_of')} a ON t.${q(base.dateColumn!)} <= a.${asOfDate}`;
  if (!model.from) {
    // Every aggregate of the metric is filtered by its WHERE, so rows failing all of them count for nothing.
    const perRow: RenderContext = { dialect: d, currentDate: `a.${asOfDate}`, column: (c) => `t.${q(c)}`, fiscalYearStartMonth, asOfColumns };
    const filters = [...new Set(rowFilters.map((f) => (f ? render(f, perRow) : '')))];
    const where = pushdown && filters.length && !filters.includes('') ? ` WHERE ${filters.join(' OR ')}` : '';
    return [`${q('metric_rows')} AS (SELECT a.${asOfDate}, ${needed.map((c) => `t.${q(c)}`).join(', ')} FROM ${from}${where})`];
  }
  const key = q(model.key!);
  const columnsOfKind = (kind: 'aggregate' | 'derived') => needed.map((c) => model.columns.get(c)!).filter((c) => c.kind === kind);
  const perKey: RenderContext = { dialect: d, currentDate: `a.${asOfDate}`, column: (c) => `t.${q(c)}`, fiscalYearStartMonth, asOfColumns };
  const aggregateColumns = columnsOfKind('aggregate');
  const aggregates = aggregateColumns.map((c) => `${renderCalculation(c.calc!, perKey)} AS ${q(c.name)}`);
  // Pushdown: only events that some needed column counts (every column must have a WHERE).
  const filters = [...new Set(aggregateColumns.map((c) => (c.calc!.where ? render(c.calc!.where, perKey) : '')))];
  const where = pushdown && filters.length && !filters.includes('') ? ` WHERE ${filters.join(' OR ')}` : '';
  const perKeySql = `SELECT a.${asOfDate}, t.${key}${aggregates.map((a) => `, ${a}`).join('')} FROM ${from}${where} GROUP BY a.${asOfDate}, t.${key}`;
  const derived = columnsOfKind('derived');
  if (!derived.length) return [`${q('metric_rows')} AS (${perKeySql})`];
  const overAggregates: RenderContext = { dialect: d, currentDate: `k.${asOfDate}`, column: (c) => `k.${q(c)}`, fiscalYearStartMonth };
  return [
    `${q('per_key')} AS (${perKeySql})`,
    `${q('metric_rows')} AS (SELECT k.*${derived.map((c) => `, ${renderCalculation(c.calc!, overAggregates)} AS ${q(c.name)}`).join('')} FROM ${q('per_key')} k)`,
  ];
}
