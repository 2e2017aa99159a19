// Runs checks table by table: the table's columns from the catalog, one aggregate scan, then
// the checks that need their own query. A check that cannot run (missing table or column, an
// engine error in its SQL) fails with the reason instead of stopping the others.
import type { Logger } from '../log/logger.js';
import { qualified } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { CheckSpec } from './check-specs.js';
import { type DescribedColumn, describeTable } from './column-types.js';
import { aggregateSql, compileTable, type TablePlan } from './compile.js';
import type { CheckResult } from './results.js';
import { checkSchema } from './schema-check.js';
import { type Measurement, outcomeOf } from './thresholds.js';
import type { Clock } from './validity.js';

export interface CheckRunContext {
  wh: Warehouse;
  runId: string;
  log: Logger;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/** @param aside published `schema.table` names whose new version, built aside and not yet published, is the one to check (with its name). */
export async function runChecks(ctx: CheckRunContext, specs: readonly CheckSpec[], clock: Clock, aside = new Map<string, string>()): Promise<CheckResult[]> {
  const tables = [...new Set(specs.map((s) => s.table))];
  const results: CheckResult[] = [];
  for (const table of tables) results.push(...(await runTable(ctx, table, specs.filter((s) => s.table === table), clock, aside)));
  // To the log file: the command's report or summary shows them to people.
  for (const r of results.filter((x) => x.outcome !== 'pass')) ctx.log.debug(`quality ${r.outcome}: ${r.table} ${r.name}: ${r.detail}`, { check: r.name, table: r.table, outcome: r.outcome });
  return results;
}

function result(s: CheckSpec, outcome: CheckResult['outcome'], m: Measurement, rows: { failing: number | null; total: number | null }, detail: string): CheckResult {
  return { table: s.table, layer: s.layer, name: s.name, kind: s.kind, column: s.column, outcome, measured: m.value, percent: m.percent, failingRows: rows.failing, totalRows: rows.total, warn: s.warn?.text ?? null, fail: s.fail?.text ?? null, detail };
}

const broken = (s: CheckSpec, why: string) => result(s, 'fail', { value: null, percent: null }, { failing: null, total: null }, why);

async function runTable(ctx: CheckRunContext, table: string, specs: CheckSpec[], clock: Clock, aside: Map<string, string>): Promise<CheckResult[]> {
  const columns = await describeTable(ctx.wh, aside.get(table) ?? table);
  if (!columns.length) return specs.map((s) => broken(s, `table ${table} does not exist (has the step that builds it run?)`));
  const read = (name: string) => qualified(ctx.wh.dialect, aside.get(name) ?? name);
  const plan = compileTable(ctx.wh.dialect, table, specs, new Map(columns.map((c) => [c.name, c.type])), clock, read);
  const values = await aggregate(ctx, plan);
  if (values instanceof Error) return specs.map((s) => broken(s, message(values)));
  const total = num(values.get('total_rows')) ?? 0;
  const quarantined = plan.quarantined ? await firstRow(ctx, plan.quarantined.sql) : undefined;
  const out: CheckResult[] = [];
  for (const s of specs) {
    const why = plan.broken.get(s.name);
    if (why) out.push(broken(s, why));
    else if ('schema' in s.config) out.push(await schemaResult(ctx, s, s.config.schema, columns, clock));
    else if (s.quarantine) {
      const column = plan.quarantined?.columns.get(s.name);
      const n = quarantined instanceof Error ? null : (num(quarantined?.get(column ?? '')) ?? 0);
      if (n === null) out.push(broken(s, message(quarantined)));
      else out.push(counted(s, n, total + n, `${n} row(s) in quality.quarantine by this rule`));
    } else if ('row_count' in s.config) {
      const m = { value: total, percent: null };
      out.push(result(s, outcomeOf(m, s), m, { failing: null, total }, `${total} row(s)`));
    } else {
      const separate = plan.separate.find((p) => p.check.name === s.name);
      const v = separate ? await firstRow(ctx, separate.sql) : values.get(s.name);
      if (v instanceof Error) out.push(broken(s, message(v)));
      else if ('freshness' in s.config) out.push(freshness(s, v, total, clock));
      else out.push(counted(s, num(v instanceof Map ? v.get('m') : v) ?? 0, total));
    }
  }
  return out;
}

const countWords: Partial<Record<CheckSpec['kind'], string>> = { sql: 'returned by the query', reference: 'without a match' };

/** A count of failing rows out of `over`, with its share. */
function counted(s: CheckSpec, n: number, over: number, detail?: string): CheckResult {
  const m = { value: n, percent: over > 0 ? (100 * n) / over : 0 };
  const words = detail ?? `${n} of ${over} row(s) (${m.percent.toFixed(2)}%) ${countWords[s.kind] ?? s.kind}`;
  return result(s, outcomeOf(m, s), m, { failing: n, total: over }, words);
}

function freshness(s: CheckSpec, newest: unknown, total: number, clock: Clock): CheckResult {
  if (newest === null || newest === undefined) {
    const m = { value: null, percent: null };
    return result(s, outcomeOf(m, s), m, { failing: null, total }, 'no value to measure the age of');
  }
  const hours = (Date.parse(`${clock.now.replace(' ', 'T')}Z`) - Date.parse(`${String(newest).slice(0, 19).replace(' ', 'T')}Z`)) / 3_600_000;
  const m = { value: hours, percent: null };
  const age = Math.abs(hours) >= 48 ? `${(hours / 24).toFixed(1)} days` : `${hours.toFixed(1)} hours`;
  return result(s, outcomeOf(m, s), m, { failing: null, total }, `newest ${String(newest).slice(0, 19)}, ${age} old`);
}

async function schemaResult(ctx: CheckRunContext, s: CheckSpec, spec: Parameters<typeof checkSchema>[2], columns: DescribedColumn[], clock: Clock): Promise<CheckResult> {
  const found = await checkSchema(ctx.wh, s.table, spec, columns, ctx.runId, clock.now);
  const m = { value: found.problems.length, percent: null };
  return result(s, found.outcome, m, { failing: null, total: null }, found.problems.length ? found.problems.join('; ') : `${columns.length} column(s) as expected`);
}

/**
 * Check name -> value from the one aggregate scan (plus `total_rows`). When the scan fails (a
 * regex an engine rejects...), each measure runs alone so the error lands on its own check.
 */
async function aggregate(ctx: CheckRunContext, plan: TablePlan): Promise<Map<string, unknown> | Error> {
  const values = new Map<string, unknown>();
  const row = await firstRow(ctx, aggregateSql(plan));
  if (!(row instanceof Error)) {
    values.set('total_rows', row.get('total_rows'));
    plan.measures.forEach((m, i) => values.set(m.check, row.get(`m${i}`)));
    return values;
  }
  const count = await firstRow(ctx, aggregateSql(plan, []));
  if (count instanceof Error) return count;
  values.set('total_rows', count.get('total_rows'));
  for (const m of plan.measures) {
    const one = await firstRow(ctx, aggregateSql(plan, [m]));
    values.set(m.check, one instanceof Error ? one : one.get('m0'));
  }
  return values;
}

async function firstRow(ctx: CheckRunContext, sql: string): Promise<Map<string, unknown> | Error> {
  try {
    const [row] = await ctx.wh.query(sql);
    return new Map(Object.entries(row ?? {}));
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
