// Parses a calculation (`COUNT(DISTINCT constituent_id) WHERE last_donation_date >=
// DATE_ADD(CURRENT_DATE, INTERVAL -12 MONTH)`) with node-sql-parser's MySQL grammar — the
// blueprint writes MySQL-style DATE_ADD/INTERVAL — and turns its AST into the small tree of
// ast.ts. Whatever the tree cannot say (subqueries, joins, windows, GROUP BY, unknown functions)
// is rejected here, with the line, so a dictionary that validates renders on every engine.
import sqlParser from 'node-sql-parser/build/mysql.js';
import type { DateUnit, LogicalType } from '../../dialect/dialect.js';
import type { AggregateName, BinaryOperator, Calculation, Expr, ScalarFunction } from './ast.js';
import { hasAggregate } from './ast.js';

export class CalculationError extends Error {
  constructor(
    message: string,
    /** 1-based line inside the calculation text. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'CalculationError';
  }
}

const parser = new sqlParser.Parser();

/** `expression [WHERE condition]`. `aggregate`: whether the expression must (default), may
 * or must not contain an aggregate; without one there is nothing for WHERE to filter. */
export function parseCalculation(text: string, aggregate: 'required' | 'optional' | 'forbidden' = 'required'): Calculation {
  const select = parseSelect(text);
  const columns = select['columns'] as AnyNode[] | '*';
  if (columns === '*' || !Array.isArray(columns) || columns.length !== 1) {
    throw new CalculationError('write exactly one expression (then an optional WHERE)', 1);
  }
  const clauses: Record<string, string> = { from: 'FROM', groupby: 'GROUP BY', having: 'HAVING', orderby: 'ORDER BY', limit: 'LIMIT', with: 'WITH', window: 'WINDOW', distinct: 'SELECT DISTINCT' };
  for (const [key, clause] of Object.entries(clauses)) {
    if (select[key]) throw new CalculationError(`${clause} is not part of a calculation: write one expression and an optional WHERE`, lineOf(select, 1));
  }
  const expr = convert(columns[0]!['expr'] as AnyNode, 1);
  const where = select['where'] ? convert(select['where'] as AnyNode, expr.line) : undefined;
  if (where && hasAggregate(where)) throw new CalculationError('aggregates cannot appear in WHERE', where.line);
  const aggregates = hasAggregate(expr);
  if (aggregate === 'required' && !aggregates) throw new CalculationError('the expression needs an aggregate (COUNT, SUM, AVG, MIN or MAX)', expr.line);
  if (aggregate === 'forbidden' && aggregates) throw new CalculationError('aggregates belong in base metrics; this expression combines metrics by name', expr.line);
  if (!aggregates && where) throw new CalculationError('WHERE only applies to aggregates', where.line);
  return { select: expr, where };
}

type AnyNode = Record<string, unknown>;

function parseSelect(text: string): AnyNode {
  if (!text.trim()) throw new CalculationError('the calculation is empty', 1);
  let ast: unknown;
  try {
    // The prefix keeps line numbers: the calculation's line 1 is the SELECT line.
    ast = parser.astify(`SELECT ${text}`, { database: 'MySQL', parseOptions: { includeLocations: true } });
  } catch (e) {
    const err = e as { message?: string; location?: { start?: { line?: number } } };
    const found = /but (.*) found/.exec(err.message ?? '')?.[1];
    throw new CalculationError(`cannot parse${found ? `: unexpected ${found}` : ''}`, err.location?.start?.line ?? 1);
  }
  if (Array.isArray(ast)) throw new CalculationError('write one calculation, without `;` or further statements', 1);
  return ast as AnyNode;
}

function lineOf(node: AnyNode, fallback: number): number {
  const loc = node['loc'] as { start?: { line?: number } } | undefined;
  return loc?.start?.line ?? fallback;
}

const aggregates = new Set<AggregateName>(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);
const scalarArity: Record<ScalarFunction, [min: number, max: number]> = {
  COALESCE: [1, 16],
  NULLIF: [2, 2],
  ABS: [1, 1],
  LOWER: [1, 1],
  UPPER: [1, 1],
  YEAR: [1, 1],
  QUARTER: [1, 1],
  MONTH: [1, 1],
  FISCAL_YEAR: [1, 1],
  FISCAL_QUARTER: [1, 1],
  FISCAL_YEAR_START: [1, 1],
};
const units: Record<string, DateUnit> = { day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month', quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year' };
const castTypes: Record<string, LogicalType> = { DATE: 'date', TIMESTAMP: 'timestamp', DATETIME: 'timestamp', INT: 'integer', INTEGER: 'integer', BIGINT: 'bigint', DECIMAL: 'decimal', NUMERIC: 'decimal', DOUBLE: 'double', FLOAT: 'double', VARCHAR: 'text', TEXT: 'text', CHAR: 'text', BOOLEAN: 'boolean' };
const binaryOperators: Record<string, BinaryOperator> = { AND: 'AND', OR: 'OR', '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '+': '+', '-': '-', '*': '*', '/': '/', LIKE: 'LIKE' };

function convert(node: AnyNode, parentLine: number): Expr {
  const line = lineOf(node, parentLine);
  const sub = (n: unknown) => convert(n as AnyNode, line);
  const type = String(node['type']);
  switch (type) {
    case 'column_ref': {
      if (node['table']) throw new CalculationError(`write the column without a table (${String(node['table'])}.${columnName(node)}): a calculation reads one source`, line);
      const name = columnName(node);
      if (/^\d/.test(name)) throw new CalculationError(`'${name}' is not a number this language reads; write plain decimals`, line);
      if (name === 'CURRENT_DATE' || name === 'current_date') return { kind: 'current_date', line };
      return { kind: 'column', name, line };
    }
    case 'number':
      return { kind: 'number', value: Number(node['value']), line };
    case 'single_quote_string': {
      const raw = String(node['value']);
      if (raw.includes('\\')) throw new CalculationError("backslashes in strings mean different things on different engines; double a quote ('it''s') instead", line);
      return { kind: 'string', value: raw.replaceAll("''", "'"), line };
    }
    case 'double_quote_string':
      throw new CalculationError(`"${String(node['value'])}": strings take single quotes; column names need no quotes`, line);
    case 'bool':
      return { kind: 'boolean', value: Boolean(node['value']), line };
    case 'null':
      return { kind: 'null', line };
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(node['value']))) throw new CalculationError(`DATE '${String(node['value'])}': write dates as YYYY-MM-DD`, line);
      return { kind: 'date', value: String(node['value']), line };
    case 'aggr_func':
      return aggregate(node, line);
    case 'function':
      return call(node, line);
    case 'binary_expr':
      return binary(node, line);
    case 'unary_expr': {
      const op = String(node['operator']).toUpperCase();
      if (op === 'NOT' || op === '!') return { kind: 'not', expr: sub(node['expr']), line };
      if (op === '-') return { kind: 'negate', expr: sub(node['expr']), line };
      throw new CalculationError(`the operator ${op} is not supported`, line);
    }
    case 'case': {
      const args = node['args'] as AnyNode[];
      const whens = args.filter((a) => a['type'] === 'when').map((a) => ({ when: sub(a['cond']), then: sub(a['result']) }));
      const otherwise = args.find((a) => a['type'] === 'else');
      return { kind: 'case', operand: node['expr'] ? sub(node['expr']) : undefined, whens, otherwise: otherwise ? sub(otherwise['result']) : undefined, line };
    }
    case 'cast': {
      const target = (node['target'] as AnyNode[])[0]!;
      const t = castTypes[String(target['dataType']).toUpperCase()];
      if (!t) throw new CalculationError(`CAST to ${String(target['dataType'])} is not supported; use DATE, TIMESTAMP, INTEGER, BIGINT, DECIMAL, DOUBLE, VARCHAR or BOOLEAN`, line);
      return { kind: 'cast', expr: sub(node['expr']), type: t, line };
    }
    case 'interval':
      throw new CalculationError('INTERVAL only appears inside DATE_ADD(date, INTERVAL n UNIT) or DATE_SUB', line);
    default:
      throw new CalculationError(`${describe(node)} is not supported in a calculation`, line);
  }
}

function columnName(node: AnyNode): string {
  const c = node['column'];
  if (typeof c === 'string') return c;
  return String(((c as AnyNode)['expr'] as AnyNode)['value']);
}

function describe(node: AnyNode): string {
  if (node['ast'] || node['type'] === 'select') return 'a subquery';
  if (node['type'] === 'window_func' || node['over']) return 'a window function';
  return `'${String(node['type'])}'`;
}

function aggregate(node: AnyNode, line: number): Expr {
  const name = String(node['name']).toUpperCase() as AggregateName;
  if (!aggregates.has(name)) throw new CalculationError(`the aggregate ${name} is not supported; use COUNT, SUM, AVG, MIN or MAX`, line);
  if (node['over']) throw new CalculationError(`${name}(...) OVER: window functions are not supported in a calculation`, line);
  const args = node['args'] as AnyNode;
  const argNode = args['expr'] as AnyNode;
  const distinct = args['distinct'] === 'DISTINCT';
  if (argNode['type'] === 'star') {
    if (name !== 'COUNT' || distinct) throw new CalculationError(`${name}(*) is not valid; only COUNT(*)`, line);
    return { kind: 'aggregate', name, distinct: false, arg: '*', line };
  }
  const arg = convert(argNode, line);
  if (hasAggregate(arg)) throw new CalculationError(`${name}(...) contains another aggregate; aggregates cannot nest`, line);
  return { kind: 'aggregate', name, distinct, arg, line };
}

function call(node: AnyNode, line: number): Expr {
  const nameParts = (node['name'] as AnyNode)['name'] as AnyNode[];
  const name = nameParts.map((p) => String(p['value'])).join('.').toUpperCase();
  if (node['over']) throw new CalculationError(`${name}(...) OVER: window functions are not supported in a calculation`, line);
  const args = ((node['args'] as AnyNode | undefined)?.['value'] as AnyNode[] | undefined) ?? [];
  const sub = (n: AnyNode) => convert(n, line);
  if (name === 'CURRENT_DATE' && args.length === 0) return { kind: 'current_date', line };
  // The grammar reads `NOT (condition)` as a call.
  if (name === 'NOT' && args.length === 1) return { kind: 'not', expr: sub(args[0]!), line };
  if (name === 'DATE_ADD' || name === 'DATE_SUB') {
    const interval = args[1];
    if (args.length !== 2 || interval?.['type'] !== 'interval') throw new CalculationError(`write ${name}(date, INTERVAL n UNIT), e.g. DATE_ADD(CURRENT_DATE, INTERVAL -12 MONTH)`, line);
    const amount = interval['expr'] as AnyNode;
    const n = amount['type'] === 'number' ? Number(amount['value']) : amount['type'] === 'unary_expr' && amount['operator'] === '-' && (amount['expr'] as AnyNode)['type'] === 'number' ? -Number((amount['expr'] as AnyNode)['value']) : NaN;
    if (!Number.isInteger(n)) throw new CalculationError(`${name}: the INTERVAL amount must be a whole number`, line);
    return { kind: 'date_add', expr: sub(args[0]!), amount: name === 'DATE_SUB' ? -n : n, unit: unitOf(String(interval['unit']), line), line };
  }
  if (name === 'DATE_TRUNC') {
    if (args.length !== 2 || args[0]!['type'] !== 'single_quote_string') throw new CalculationError("write DATE_TRUNC('month', date)", line);
    return { kind: 'date_trunc', unit: unitOf(String(args[0]!['value']), line), expr: sub(args[1]!), line };
  }
  if (name === 'DATEDIFF' || name === 'DATE_DIFF') {
    if (args.length !== 3) throw new CalculationError(`write ${name}(unit, start, end), e.g. DATEDIFF(day, first_donation_date, CURRENT_DATE): the number of unit boundaries from start to end`, line);
    const unitNode = args[0]!;
    const unitText = unitNode['type'] === 'column_ref' ? columnName(unitNode) : String(unitNode['value']);
    return { kind: 'date_diff', unit: unitOf(unitText, line), start: sub(args[1]!), end: sub(args[2]!), line };
  }
  const arity = scalarArity[name as ScalarFunction];
  if (!arity) throw new CalculationError(`the function ${name} is not supported; supported: ${[...Object.keys(scalarArity), 'DATE_ADD', 'DATE_SUB', 'DATE_TRUNC', 'DATEDIFF', 'CURRENT_DATE'].join(', ')}`, line);
  if (args.length < arity[0] || args.length > arity[1]) throw new CalculationError(`${name} takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} to ${arity[1]}`} argument(s), not ${args.length}`, line);
  return { kind: 'function', name: name as ScalarFunction, args: args.map(sub), line };
}

function unitOf(text: string, line: number): DateUnit {
  const unit = units[text.toLowerCase()];
  if (!unit) throw new CalculationError(`'${text}' is not a date unit; use day, week, month, quarter or year`, line);
  return unit;
}

function binary(node: AnyNode, line: number): Expr {
  const op = String(node['operator']).toUpperCase();
  const left = convert(node['left'] as AnyNode, line);
  const right = node['right'] as AnyNode;
  const list = () => ((right['value'] as AnyNode[] | undefined) ?? []).map((n) => convert(n, line));
  switch (op) {
    case 'IS':
    case 'IS NOT':
      if (right['type'] !== 'null') throw new CalculationError(`${op} only compares with NULL; use = or <> otherwise`, line);
      return { kind: 'is_null', expr: left, negated: op === 'IS NOT', line };
    case 'IN':
    case 'NOT IN':
      if (right['type'] !== 'expr_list') throw new CalculationError(`${op} takes a list of values, not a subquery`, line);
      return { kind: 'in', expr: left, list: list(), negated: op === 'NOT IN', line };
    case 'BETWEEN':
    case 'NOT BETWEEN': {
      const [low, high] = list();
      return { kind: 'between', expr: left, low: low!, high: high!, negated: op === 'NOT BETWEEN', line };
    }
    case 'NOT LIKE':
      return { kind: 'not', expr: { kind: 'binary', op: 'LIKE', left, right: convert(right, line), line }, line };
  }
  const mapped = binaryOperators[op];
  if (!mapped) throw new CalculationError(`the operator ${op} is not supported`, line);
  return { kind: 'binary', op: mapped, left, right: convert(right, line), line };
}
