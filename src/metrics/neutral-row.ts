// Which entity rows can a metric ignore? An entity row whose events all fail every needed
// column's WHERE holds "neutral" values (COUNT 0, SUM/MIN/MAX/AVG NULL). If the metric's value
// cannot change because of such a row, the engine may read only the events that pass some
// column's WHERE (filter pushdown) and get the same number. This file decides that by evaluating
// the metric on the neutral row with SQL's three-valued logic, and answers "not sure" whenever a
// value depends on data.
import { children, columnsOf, type Expr } from './calculation/ast.js';
import type { Metric, SemanticModel } from './dictionary.js';

/** A value on the neutral row: known, NULL, non-NULL but unknown, or anything at all. */
type Value = number | string | boolean | null | 'nonnull' | 'any';

const known = (v: Value): v is number | string | boolean => v !== null && v !== 'nonnull' && v !== 'any';

/** True when no neutral row of `model` can change `metric` (then pushdown is safe). */
export function ignoresNeutralRows(metric: Metric, metrics: Map<string, Metric>, model: SemanticModel): boolean {
  if (metric.expression) {
    return [...columnsOf(metric.expression)].every((name) => ignoresNeutralRows(metrics.get(name)!, metrics, model));
  }
  const calc = metric.calc!;
  const column = (name: string): Value => neutralColumn(model, name);
  const filter = calc.where ? evaluate(calc.where, column) : true;
  const aggregates = collectAggregates(calc.select);
  return aggregates.every((a) => {
    if (filter === false || filter === null) return true;
    if (a.kind !== 'aggregate' || a.arg === '*') return false;
    return evaluate(a.arg, column) === null;
  });
}

function neutralColumn(model: SemanticModel, name: string): Value {
  const column = model.columns.get(name);
  if (!column?.calc) return 'nonnull'; // the key
  // An aggregate column sees no rows: COUNT is 0, the other aggregates NULL.
  if (column.kind === 'aggregate') return evaluate(column.calc.select, () => 'any', true);
  return evaluate(column.calc.select, (c) => neutralColumn(model, c));
}

function collectAggregates(e: Expr): Expr[] {
  if (e.kind === 'aggregate') return [e];
  return children(e).flatMap(collectAggregates);
}

function evaluate(e: Expr, column: (name: string) => Value, noRows = false): Value {
  const ev = (x: Expr) => evaluate(x, column, noRows);
  const strict = (args: Value[], result: () => Value): Value => (args.some((a) => a === null) ? null : args.some((a) => a === 'any') ? 'any' : result());
  switch (e.kind) {
    case 'column':
      return column(e.name);
    case 'number':
    case 'string':
    case 'boolean':
      return e.value;
    case 'null':
      return null;
    case 'date':
    case 'current_date':
      return 'nonnull';
    case 'aggregate':
      return noRows ? (e.name === 'COUNT' ? 0 : null) : 'any';
    case 'function': {
      const args = e.args.map(ev);
      if (e.name === 'COALESCE') {
        for (const a of args) if (a !== null) return a;
        return null;
      }
      if (e.name === 'NULLIF') return args[0] === null ? null : 'any';
      return strict(args, () => 'nonnull');
    }
    case 'date_add':
    case 'date_trunc':
    case 'cast':
    case 'negate':
      return strict([ev(e.expr)], () => 'nonnull');
    case 'date_diff':
      return strict([ev(e.start), ev(e.end)], () => 'nonnull');
    case 'binary': {
      const l = ev(e.left);
      const r = ev(e.right);
      if (e.op === 'AND') return and(l, r);
      if (e.op === 'OR') return not(and(not(l), not(r)));
      if (e.op === '/') return strict([l, r], () => 'any'); // NULL for a zero divisor
      return strict([l, r], () => (known(l) && known(r) ? compare(e.op, l, r) : 'nonnull'));
    }
    case 'not':
      return not(ev(e.expr));
    case 'is_null': {
      const v = ev(e.expr);
      const isNull: Value = v === null ? true : v === 'any' ? 'any' : false;
      return e.negated ? not(isNull) : isNull;
    }
    case 'in':
    case 'between':
      return strict([ev(e.expr)], () => 'any');
    case 'case': {
      for (const w of e.whens) {
        const cond = e.operand ? evaluate({ kind: 'binary', op: '=', left: e.operand, right: w.when, line: e.line }, column, noRows) : ev(w.when);
        if (cond === true) return ev(w.then);
        if (cond !== false && cond !== null) return 'any';
      }
      return e.otherwise ? ev(e.otherwise) : null;
    }
  }
}

function not(v: Value): Value {
  return typeof v === 'boolean' ? !v : v === null ? null : 'any';
}

function and(l: Value, r: Value): Value {
  if (l === false || r === false) return false;
  if (l === true && r === true) return true;
  if ((l === true || l === null) && (r === true || r === null)) return null;
  return 'any';
}

function compare(op: string, l: number | string | boolean, r: number | string | boolean): Value {
  switch (op) {
    case '=':
      return l === r;
    case '<>':
      return l !== r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    default:
      return 'nonnull';
  }
}
