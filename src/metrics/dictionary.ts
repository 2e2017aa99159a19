// Loads config/metrics_definitions.yaml and checks it whole: every calculation parses, reads only
// columns its model has, uses dimensions its model defines, and derived metrics form no cycle.
// Problems come back together, each as file:line with the metric's name.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type MetricDefinition, metricsFileSchema, type SemanticModelDefinition } from '../config/metrics-schema.js';
import { loadYaml } from '../config/yaml-loader.js';
import { ConfigError } from '../errors/cpm-error.js';
import { type Calculation, columnsOf, type Expr, hasAggregate, walk } from './calculation/ast.js';
import { CalculationError, parseCalculation } from './calculation/parse.js';

export interface ModelColumn {
  name: string;
  description?: string;
  /** Absent for a table's own columns. */
  calc?: Calculation;
  /** The calculation as written in the YAML. */
  text?: string;
  /** `aggregate`: computed over the `from` model's rows per key; `derived`: over aggregate columns. */
  kind: 'stored' | 'aggregate' | 'derived';
}

export interface SemanticModel {
  name: string;
  description: string;
  table?: string;
  dateColumn?: string;
  from?: string;
  key?: string;
  columns: Map<string, ModelColumn>;
  dimensions: Record<string, string>;
}

export interface Metric {
  name: string;
  definition: MetricDefinition;
  /** The semantic model it reads. */
  from: string;
  /** A base metric aggregates its model; a derived one combines other metrics (ratio or expression). */
  calc?: Calculation;
  expression?: Expr;
  dimensions: Array<{ name: string; description: string }>;
  /** sha256 of everything that decides the value; stored with each computed value. */
  fingerprint: string;
}

export interface Dictionary {
  file: string;
  /** Metrics a run prints. */
  headline: string[];
  models: Map<string, SemanticModel>;
  metrics: Map<string, Metric>;
}

export function loadDictionary(file: string, fiscalYearStartMonth: number, env: NodeJS.ProcessEnv = process.env): Dictionary {
  if (!existsSync(file)) throw new ConfigError([`${file}: no metrics dictionary`], 'copy config/metrics_definitions.yaml from a new project (`cpm init DIR`) and edit it');
  const loaded = loadYaml(file, metricsFileSchema, env);
  const problems: string[] = [];
  const fail = (path: PropertyKey[], message: string, line?: number) => problems.push(`${line ? loaded.locateLine(path, line) : loaded.locate(path)}: ${message}`);
  const parse: Parse = (path, what, text, aggregate) => {
    try {
      return parseCalculation(text, aggregate);
    } catch (e) {
      if (!(e instanceof CalculationError)) throw e;
      fail(path, `${what}: ${e.message}`, e.line);
      return undefined;
    }
  };

  const models = new Map<string, SemanticModel>();
  for (const [name, def] of Object.entries(loaded.value.semantic_models)) models.set(name, tableModel(name, def));
  for (const [name, def] of Object.entries(loaded.value.semantic_models)) {
    const path = ['semantic_models', name];
    if (def.from) {
      const model = entityModel(name, def, models, path, fail, parse);
      if (model) models.set(name, model);
    } else if (!def.table || !Array.isArray(def.columns)) {
      fail(path, `semantic model ${name}: a table model names \`table\` and lists its \`columns\`; an entity model names \`from\`, \`key\` and defines \`columns\``);
    } else if (!def.date_column || !def.columns.includes(def.date_column)) {
      fail([...path, 'date_column'], `semantic model ${name}: name the date_column (one of its columns) that dates each row: a value as of a date reads only rows up to that date`);
    }
    const model = models.get(name)!;
    for (const [dim, column] of Object.entries(def.dimensions)) {
      if (!model.columns.has(column)) fail([...path, 'dimensions', dim], `semantic model ${name}: dimension ${dim} names ${column}, which is not one of its columns`);
    }
  }

  const metrics = new Map<string, Metric>();
  const defs = loaded.value.metrics;
  for (const [name, def] of Object.entries(defs)) {
    const path = ['metrics', name];
    const model = models.get(def.calculation.from);
    if (!model) {
      fail([...path, 'calculation', 'from'], `metric ${name}: no semantic model ${def.calculation.from} (have: ${[...models.keys()].join(', ')})`);
      continue;
    }
    const dimensions = def.dimensions.map((d) => (typeof d === 'string' ? { name: d, description: d } : { name: Object.keys(d)[0]!, description: Object.values(d)[0]! }));
    dimensions.forEach((d, i) => {
      if (!(d.name in model.dimensions)) fail([...path, 'dimensions', i], `metric ${name}: model ${model.name} has no dimension ${d.name} (has: ${Object.keys(model.dimensions).join(', ') || 'none'})`);
    });
    const metric: Metric = { name, definition: def, from: model.name, dimensions, fingerprint: '' };
    if (def.calculation.sql) {
      metric.calc = parse([...path, 'calculation', 'sql'], `metric ${name}`, def.calculation.sql);
      for (const c of metric.calc ? [...columnsOf(metric.calc.select), ...columnsOf(metric.calc.where)] : []) {
        if (!model.columns.has(c)) fail([...path, 'calculation', 'sql'], `metric ${name}: model ${model.name} has no column ${c} (has: ${[...model.columns.keys()].join(', ')})`, lineOfColumn(metric.calc!, c));
      }
    } else {
      const text = def.calculation.ratio ? `${def.calculation.ratio.numerator} / ${def.calculation.ratio.denominator}` : def.calculation.expression!;
      const which = def.calculation.ratio ? 'ratio' : 'expression';
      metric.expression = parse([...path, 'calculation', which], `metric ${name}`, text, 'forbidden')?.select;
      for (const ref of columnsOf(metric.expression)) {
        const other = defs[ref];
        if (!other) fail([...path, 'calculation', which], `metric ${name}: no metric ${ref} to build on`);
        else if (other.calculation.from !== def.calculation.from) fail([...path, 'calculation', which], `metric ${name}: ${ref} reads ${other.calculation.from}, not ${def.calculation.from}; a derived metric combines metrics of one model`);
      }
    }
    metrics.set(name, metric);
  }
  loaded.value.headline.forEach((name, i) => {
    if (!metrics.has(name)) fail(['headline', i], `headline names ${name}, which is not a metric`);
  });
  for (const name of findCycle(metrics)) fail(['metrics', name, 'calculation'], `metric ${name}: derived metrics refer to each other in a cycle`);
  if (problems.length) throw new ConfigError(problems, 'fix the calculations at the lines shown; docs/metrics.md describes the language');

  for (const metric of metrics.values()) metric.fingerprint = fingerprint(metric, metrics, models, fiscalYearStartMonth);
  return { file, headline: loaded.value.headline, models, metrics };
}

function tableModel(name: string, def: SemanticModelDefinition): SemanticModel {
  const columns = new Map<string, ModelColumn>();
  if (Array.isArray(def.columns)) for (const c of def.columns) columns.set(c, { name: c, kind: 'stored' });
  return { name, description: def.description, table: def.table, dateColumn: def.date_column, columns, dimensions: def.dimensions };
}

type Fail = (path: PropertyKey[], message: string, line?: number) => void;
type Parse = (path: PropertyKey[], what: string, text: string, aggregate?: 'required' | 'optional' | 'forbidden') => Calculation | undefined;

function entityModel(name: string, def: SemanticModelDefinition, models: Map<string, SemanticModel>, path: PropertyKey[], fail: Fail, parse: Parse): SemanticModel | undefined {
  const base = models.get(def.from!);
  if (!base?.table) {
    fail([...path, 'from'], `semantic model ${name}: from names ${def.from}, which is not a table model`);
    return undefined;
  }
  if (!def.key || !base.columns.has(def.key)) {
    fail([...path, 'key'], `semantic model ${name}: key must be a column of ${base.name}`);
    return undefined;
  }
  if (Array.isArray(def.columns)) {
    fail([...path, 'columns'], `semantic model ${name}: define each column as a calculation over ${base.name}`);
    return undefined;
  }
  const columns = new Map<string, ModelColumn>([[def.key, { name: def.key, kind: 'stored' }]]);
  // Aggregate columns read the base model; derived columns read aggregate columns of this model.
  const derived: Array<[string, Calculation, PropertyKey[]]> = [];
  for (const [column, spec] of Object.entries(def.columns)) {
    const text = typeof spec === 'string' ? spec : spec.sql;
    const description = typeof spec === 'string' ? undefined : spec.description;
    const colPath = [...path, 'columns', column, ...(typeof spec === 'string' ? [] : ['sql'])];
    const calc = parse(colPath, `${name}.${column}`, text, 'optional');
    if (!calc) continue;
    if (hasAggregate(calc.select)) {
      for (const c of [...columnsOf(calc.select), ...columnsOf(calc.where)]) {
        if (!base.columns.has(c)) fail(colPath, `${name}.${column}: ${base.name} has no column ${c}`, lineOfColumn(calc, c));
      }
      columns.set(column, { name: column, description, calc, text, kind: 'aggregate' });
    } else {
      columns.set(column, { name: column, description, calc, text, kind: 'derived' });
      derived.push([column, calc, colPath]);
    }
  }
  for (const [column, calc, colPath] of derived) {
    for (const c of columnsOf(calc.select)) {
      const target = columns.get(c);
      if (!target || target.kind === 'derived') fail(colPath, `${name}.${column}: a column without an aggregate reads this model's aggregate columns; ${c} is not one`, lineOfColumn(calc, c));
    }
  }
  return { name, description: def.description, from: base.name, key: def.key, columns, dimensions: def.dimensions };
}

/** The line of the first reference to a column, for pointing at an unknown name. */
function lineOfColumn(calc: Calculation, column: string): number {
  for (const root of [calc.select, ...(calc.where ? [calc.where] : [])]) {
    for (const e of walk(root)) if (e.kind === 'column' && e.name === column) return e.line;
  }
  return 1;
}

/** Names of derived metrics that take part in a reference cycle. */
function findCycle(metrics: Map<string, Metric>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const inCycle = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      stack.slice(stack.indexOf(name)).forEach((n) => inCycle.add(n));
      return;
    }
    state.set(name, 'visiting');
    for (const ref of columnsOf(metrics.get(name)?.expression)) if (metrics.has(ref)) visit(ref, [...stack, name]);
    state.set(name, 'done');
  };
  for (const name of metrics.keys()) visit(name, []);
  return [...inCycle];
}

/** Everything that decides a metric's value, hashed: its calculation, the model columns it reads
 * (and theirs), the tables and dimensions, the metrics it builds on, and the fiscal year start
 * when a fiscal function is used. Line numbers and prose are left out: moving or re-wording a
 * definition does not change the number. */
function fingerprint(metric: Metric, metrics: Map<string, Metric>, models: Map<string, SemanticModel>, fiscalYearStartMonth: number): string {
  const model = models.get(metric.from)!;
  const parts: unknown[] = [metric.from, metric.calc ?? null, metric.expression ?? null, metric.dimensions.map((d) => [d.name, model.dimensions[d.name]])];
  if (metric.expression) {
    for (const ref of [...columnsOf(metric.expression)].sort()) parts.push([ref, fingerprint(metrics.get(ref)!, metrics, models, fiscalYearStartMonth)]);
  } else if (metric.calc) {
    const columns = closure(model, [...columnsOf(metric.calc.select), ...columnsOf(metric.calc.where), ...metric.dimensions.map((d) => model.dimensions[d.name]!)]);
    parts.push(columns.map((c) => [c, model.columns.get(c)?.calc ?? null]));
    const base = model.from ? models.get(model.from)! : model;
    parts.push([base.table, base.dateColumn, model.key ?? null]);
  }
  const text = JSON.stringify(parts, (k, v: unknown) => (k === 'line' ? undefined : v));
  const fiscal = /"FISCAL_/.test(text) ? `|fiscal:${fiscalYearStartMonth}` : '';
  return createHash('sha256').update(text + fiscal).digest('hex').slice(0, 16);
}

/** The columns named plus the aggregate columns derived ones read, sorted. */
export function closure(model: SemanticModel, names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const add = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const column = model.columns.get(name);
    if (column?.kind === 'derived') for (const c of columnsOf(column.calc!.select)) add(c);
  };
  for (const n of names) add(n);
  return [...seen].sort();
}
