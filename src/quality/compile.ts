// Compiles the checks of one table to SQL through the dialect (pure: specs and columns in, SQL
// out). Column checks share one aggregate scan of the table; a multi-column duplicate, a
// reference, a custom SQL check and the counts of row-level rules each need a query of their own.
import nunjucks from 'nunjucks';
import type { Dialect, LogicalType } from '../dialect/dialect.js';
import { qualified, splitName } from '../pipeline/meta-tables.js';
import type { CheckSpec } from './check-specs.js';
import { ruleLabel } from './row-rules.js';
import { type Clock, validCondition } from './validity.js';

export interface Measure {
  check: string;
  /** An aggregate expression over the table. */
  expr: string;
}

export interface TablePlan {
  table: string;
  /** The quoted table. */
  from: string;
  /** Measured together by one scan (aggregateSql). */
  measures: Measure[];
  /** Checks measured by their own query: the first row's column `m`. */
  separate: { check: CheckSpec; sql: string }[];
  /** Counts of rows each row-level rule sent to quarantine (columns named like `aggregated`). */
  quarantined?: { sql: string; columns: Map<string, string> };
  /** Checks that cannot run, with the reason (a column that does not exist...). */
  broken: Map<string, string>;
}

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

/** The quoted relation a check reads for `schema.table`: the published table, unless a table built aside is checked before its publish. */
export type TableReader = (name: string) => string;

export const publishedTables =
  (d: Dialect): TableReader =>
  (name) =>
    qualified(d, name);

/** A custom check's SQL with {{ table }} and {{ ref('schema.table') }} filled in. */
export function renderCheckSql(d: Dialect, table: string, sql: string, read: TableReader = publishedTables(d)): string {
  const ref = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`ref('${name}'): expected 'schema.table'`);
    return read(name);
  };
  return env.renderString(sql, { table: read(table), ref }).trim().replace(/;\s*$/, '');
}

/** LIKE pattern text with `!` as the escape character, so `_` and `%` in a name match themselves. */
function likeLiteral(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

export function compileTable(
  d: Dialect,
  table: string,
  checks: CheckSpec[],
  columns: Map<string, LogicalType | undefined>,
  clock: Clock,
  read: TableReader = publishedTables(d),
): TablePlan {
  const q = (c: string) => d.quoteIdent(c);
  const from = read(table);
  const measures: Measure[] = [];
  const separate: TablePlan['separate'] = [];
  const broken = new Map<string, string>();
  const rules = new Map<string, string>();
  const isText = (c: string) => columns.get(c) === 'text';
  const text = (c: string) => (isText(c) ? q(c) : d.cast(q(c), 'text'));
  const measure = (check: CheckSpec, expr: string) => measures.push({ check: check.name, expr });
  for (const check of checks) {
    const c = check.config;
    const needed = 'duplicate' in c ? [c.duplicate].flat() : check.column && !('schema' in c) ? [check.column] : [];
    const absent = needed.filter((n) => !columns.has(n));
    if (absent.length) {
      broken.set(check.name, `${table} has no column ${absent.map((a) => `"${a}"`).join(', ')}`);
      continue;
    }
    if (check.quarantine) {
      rules.set(check.name, `SUM(CASE WHEN reason LIKE ${d.stringLiteral(`%${likeLiteral(ruleLabel(check.name))}%`)} ESCAPE '!' THEN 1 ELSE 0 END)`);
    } else if ('missing' in c) {
      const blank = isText(c.missing) ? ` OR TRIM(${q(c.missing)}) = ''` : '';
      measure(check, `SUM(CASE WHEN ${q(c.missing)} IS NULL${blank} THEN 1 ELSE 0 END)`);
    } else if ('invalid' in c) {
      const valid = validCondition(d, { text: text(c.invalid), typed: q(c.invalid) }, c, clock);
      measure(check, `SUM(CASE WHEN ${q(c.invalid)} IS NULL OR (${valid}) THEN 0 ELSE 1 END)`);
    } else if ('duplicate' in c) {
      const cols = [c.duplicate].flat().map(q);
      if (cols.length === 1) measure(check, `COUNT(${cols[0]}) - COUNT(DISTINCT ${cols[0]})`);
      else {
        const where = cols.map((x) => `${x} IS NOT NULL`).join(' AND ');
        separate.push({ check, sql: `SELECT COALESCE(SUM(n - 1), 0) AS m FROM (SELECT COUNT(*) AS n FROM ${from} WHERE ${where} GROUP BY ${cols.join(', ')} HAVING COUNT(*) > 1) AS dup` });
      }
    } else if ('freshness' in c) {
      measure(check, d.timestampToText(d.cast(`MAX(${q(c.freshness)})`, 'timestamp')));
    } else if ('reference' in c) {
      const field = q(c.field ?? c.reference);
      separate.push({
        check,
        sql: `SELECT COUNT(*) AS m FROM ${from} AS c LEFT JOIN (SELECT DISTINCT ${field} AS v FROM ${read(c.to)}) AS r ON r.v = c.${q(c.reference)} WHERE c.${q(c.reference)} IS NOT NULL AND r.v IS NULL`,
      });
    } else if ('sql' in c) {
      try {
        separate.push({ check, sql: `SELECT COUNT(*) AS m FROM (${renderCheckSql(d, table, c.sql, read)}) AS failed_rows` });
      } catch (e) {
        broken.set(check.name, `sql: ${(e as Error).message}`);
      }
    }
  }
  const { schema, name } = splitName(table);
  const cut = name.indexOf('__');
  const stream = [name.slice(0, cut), name.slice(cut + 2)];
  const quarantined = rules.size
    ? {
        columns: new Map([...rules.keys()].map((k, i) => [k, `q${i}`])),
        sql:
          `SELECT ${[...rules.values()].map((e, i) => `${e} AS q${i}`).join(', ')} FROM ${qualified(d, 'quality.quarantine')} ` +
          `WHERE layer = ${d.stringLiteral(schema)} AND source = ${d.stringLiteral(stream[0] ?? '')} AND stream = ${d.stringLiteral(stream[1] ?? '')}`,
      }
    : undefined;
  return { table, from, measures, separate, quarantined, broken };
}

/** One scan of the table: `total_rows`, then `m0`, `m1`... for the measures in order. */
export function aggregateSql(plan: TablePlan, measures: Measure[] = plan.measures): string {
  return `SELECT ${['COUNT(*) AS total_rows', ...measures.map((m, i) => `${m.expr} AS m${i}`)].join(', ')} FROM ${plan.from}`;
}
