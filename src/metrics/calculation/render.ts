// Renders a calculation tree as SQL for one dialect. Every construct has one meaning on every
// engine: dates stay dates, `/` divides as real numbers and gives NULL for a zero divisor, and
// CURRENT_DATE is the as-of date of the computation, never the clock.
import type { Dialect } from '../../dialect/dialect.js';
import { type Calculation, children, type Expr, walk } from './ast.js';
import { CalculationError } from './parse.js';

export interface RenderContext {
  dialect: Dialect;
  /** SQL for the as-of date (a column of the as-of table, or a DATE literal). */
  currentDate: string;
  /** SQL for a column the calculation reads; throws CalculationError for an unknown name. */
  column(name: string, line: number): string;
  /** 1..12; fiscal years are named by the calendar year they end in. */
  fiscalYearStartMonth: number;
  /** Where the as-of table is in scope: expressions of the as-of date alone (`DATE_ADD(CURRENT_DATE,
   * INTERVAL -12 MONTH)`) become columns of it, computed once per date instead of once per row. */
  asOfColumns?: { currentDate: string; add(sql: string): string };
  /** A column that is NULL only on the padding row of an as-of date with no rows (COUNT(*) counts it). */
  rowMarker?: string;
}

/** The calculation as one SQL expression: its WHERE moves inside every aggregate. */
export function renderCalculation(calc: Calculation, ctx: RenderContext): string {
  const filter = calc.where ? render(calc.where, ctx) : undefined;
  return render(calc.select, ctx, filter);
}

export function render(e: Expr, ctx: RenderContext, filter?: string): string {
  const d = ctx.dialect;
  const r = (x: Expr) => render(x, ctx, filter);
  if (ctx.asOfColumns && dependsOnAsOfOnly(e)) {
    return ctx.asOfColumns.add(render(e, { ...ctx, currentDate: ctx.asOfColumns.currentDate, asOfColumns: undefined }));
  }
  switch (e.kind) {
    case 'column':
      return ctx.column(e.name, e.line);
    case 'number':
      return d.literal(e.value);
    case 'string':
      return d.stringLiteral(e.value);
    case 'boolean':
      return d.literal(e.value);
    case 'null':
      return 'NULL';
    case 'date':
      return d.cast(d.stringLiteral(e.value), 'date');
    case 'current_date':
      return ctx.currentDate;
    case 'aggregate': {
      if (e.arg === '*') return `COUNT(${filter ? `CASE WHEN ${filter} THEN 1 END` : ctx.rowMarker ?? '*'})`;
      const arg = filter ? `CASE WHEN ${filter} THEN ${r(e.arg)} END` : r(e.arg);
      return d.aggregateCall(e.name, arg, e.distinct);
    }
    case 'function':
      return scalar(e.name, e.args.map(r), ctx);
    case 'date_add':
      return d.cast(d.dateAdd(r(e.expr), e.amount, e.unit), 'date');
    case 'date_trunc':
      return d.cast(d.dateTrunc(e.unit, r(e.expr)), 'date');
    case 'date_diff':
      return d.dateDiff(e.unit, r(e.start), r(e.end));
    case 'binary':
      if (e.op === '/') return `(${d.cast(r(e.left), 'double')} / NULLIF(${r(e.right)}, 0))`;
      return `(${r(e.left)} ${e.op} ${r(e.right)})`;
    case 'not':
      return `(NOT ${r(e.expr)})`;
    case 'negate':
      return `(-${r(e.expr)})`;
    case 'is_null':
      return `(${r(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'in':
      return `(${r(e.expr)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(r).join(', ')}))`;
    case 'between':
      return `(${r(e.expr)} ${e.negated ? 'NOT ' : ''}BETWEEN ${r(e.low)} AND ${r(e.high)})`;
    case 'case': {
      const whens = e.whens.map((w) => `WHEN ${r(w.when)} THEN ${r(w.then)}`).join(' ');
      return `(CASE${e.operand ? ` ${r(e.operand)}` : ''} ${whens}${e.otherwise ? ` ELSE ${r(e.otherwise)}` : ''} END)`;
    }
    case 'cast':
      return d.cast(r(e.expr), e.type);
  }
}

/** A computed value of the as-of date and constants only (not the date itself, not a constant). */
function dependsOnAsOfOnly(e: Expr): boolean {
  if (e.kind === 'current_date' || children(e).length === 0) return false;
  let usesDate = false;
  for (const x of walk(e)) {
    if (x.kind === 'column' || x.kind === 'aggregate') return false;
    if (x.kind === 'current_date') usesDate = true;
  }
  return usesDate;
}

function scalar(name: string, args: string[], ctx: RenderContext): string {
  const d = ctx.dialect;
  const [x] = args as [string];
  // Months to add so that the fiscal year's first month becomes January: July -> +6.
  const shift = (13 - ctx.fiscalYearStartMonth) % 12;
  const shifted = shift ? d.dateAdd(x, shift, 'month') : x;
  switch (name) {
    case 'YEAR':
      return d.datePart('year', x);
    case 'QUARTER':
      return d.datePart('quarter', x);
    case 'MONTH':
      return d.datePart('month', x);
    case 'FISCAL_YEAR':
      return d.datePart('year', shifted);
    case 'FISCAL_QUARTER':
      return d.datePart('quarter', shifted);
    case 'FISCAL_YEAR_START':
      return d.cast(shift ? d.dateAdd(d.dateTrunc('year', shifted), -shift, 'month') : d.dateTrunc('year', x), 'date');
    case 'COALESCE':
    case 'NULLIF':
    case 'ABS':
    case 'LOWER':
    case 'UPPER':
      return `${name}(${args.join(', ')})`;
    default:
      throw new CalculationError(`the function ${name} has no rendering`, 1);
  }
}
