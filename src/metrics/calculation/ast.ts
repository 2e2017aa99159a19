// The calculation language of config/metrics_definitions.yaml, as a tree. Small on purpose: what
// the blueprint writes (an aggregate, an optional WHERE, portable date functions) and the
// scalar SQL around it; everything else is rejected when the dictionary is validated.
import type { DateUnit, LogicalType } from '../../dialect/dialect.js';

export type AggregateName = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

/** Functions with one meaning on every engine; the renderer spells them per dialect. */
export type ScalarFunction =
  | 'COALESCE'
  | 'NULLIF'
  | 'ABS'
  | 'LOWER'
  | 'UPPER'
  | 'YEAR'
  | 'QUARTER'
  | 'MONTH'
  | 'FISCAL_YEAR'
  | 'FISCAL_QUARTER'
  | 'FISCAL_YEAR_START';

export type BinaryOperator = 'AND' | 'OR' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | 'LIKE';

interface At {
  /** 1-based line inside the calculation text. */
  line: number;
}

export type Expr = At &
  (
    | { kind: 'column'; name: string }
    | { kind: 'number'; value: number }
    | { kind: 'string'; value: string }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
    | { kind: 'date'; value: string }
    | { kind: 'current_date' }
    | { kind: 'aggregate'; name: AggregateName; distinct: boolean; arg: Expr | '*' }
    | { kind: 'function'; name: ScalarFunction; args: Expr[] }
    | { kind: 'date_add'; expr: Expr; amount: number; unit: DateUnit }
    | { kind: 'date_trunc'; unit: DateUnit; expr: Expr }
    | { kind: 'date_diff'; unit: DateUnit; start: Expr; end: Expr }
    | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
    | { kind: 'not'; expr: Expr }
    | { kind: 'negate'; expr: Expr }
    | { kind: 'is_null'; expr: Expr; negated: boolean }
    | { kind: 'in'; expr: Expr; list: Expr[]; negated: boolean }
    | { kind: 'between'; expr: Expr; low: Expr; high: Expr; negated: boolean }
    | { kind: 'case'; operand: Expr | undefined; whens: Array<{ when: Expr; then: Expr }>; otherwise: Expr | undefined }
    | { kind: 'cast'; expr: Expr; type: LogicalType }
  );

/** `<expression> [WHERE <condition>]`: the WHERE filters the rows every aggregate sees. */
export interface Calculation {
  select: Expr;
  where: Expr | undefined;
}

/** Every node of a tree, depth first. */
export function* walk(expr: Expr): Generator<Expr> {
  yield expr;
  for (const child of children(expr)) yield* walk(child);
}

export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'aggregate':
      return e.arg === '*' ? [] : [e.arg];
    case 'function':
      return e.args;
    case 'date_add':
    case 'date_trunc':
    case 'not':
    case 'negate':
    case 'is_null':
    case 'cast':
      return [e.expr];
    case 'date_diff':
      return [e.start, e.end];
    case 'binary':
      return [e.left, e.right];
    case 'in':
      return [e.expr, ...e.list];
    case 'between':
      return [e.expr, e.low, e.high];
    case 'case':
      return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.otherwise ? [e.otherwise] : [])];
    default:
      return [];
  }
}

/** Column names the expression reads, outside or inside aggregates. */
export function columnsOf(expr: Expr | undefined): Set<string> {
  const names = new Set<string>();
  if (expr) for (const e of walk(expr)) if (e.kind === 'column') names.add(e.name);
  return names;
}

export function hasAggregate(expr: Expr): boolean {
  for (const e of walk(expr)) if (e.kind === 'aggregate') return true;
  return false;
}
