// `node --import tsx bench/profile-resolve.ts PROJECT [--incremental]`: one resolution of a project
// (forced to be a full one unless --incremental) with every SQL statement timed; prints the slowest,
// to see where resolution spends its time. EXPLAIN=regex also prints the EXPLAIN ANALYZE of the
// statements it matches (run once more for it).
import { loadProject } from '../src/config/project.js';
import { runResolve } from '../src/identity/resolve.js';
import { withProjectRun } from '../src/pipeline/run-session.js';
import { DuckDbWarehouse } from '../src/warehouse/duckdb/duckdb-warehouse.js';

const timings: { seconds: number; sql: string }[] = [];
const original = DuckDbWarehouse.prototype.execute;
const explain = process.env['EXPLAIN'] ? new RegExp(process.env['EXPLAIN']) : undefined;
DuckDbWarehouse.prototype.execute = async function (this: DuckDbWarehouse, sql: string) {
  if (explain?.test(sql)) {
    const [plan] = await this.query(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`);
    process.stderr.write(`--- ${sql.replace(/\s+/g, ' ').slice(0, 100)}\n${operatorTree(JSON.parse(String(plan?.['explain_value'])))}`);
  }
  const started = performance.now();
  await original.call(this, sql);
  timings.push({ seconds: (performance.now() - started) / 1000, sql: sql.replace(/\s+/g, ' ').slice(0, 160) });
};
interface Operator { operator_name?: string; operator_timing?: number; operator_cardinality?: number; extra_info?: Record<string, unknown>; children?: Operator[] }
/** One line per operator of a profiled plan, indented by depth: name, seconds, rows, table or join. */
function operatorTree(op: Operator, depth = 0): string {
  const info = op.extra_info ?? {};
  const what = [info['Table'], info['Join Type'], info['Conditions']].filter(Boolean).map(String).join(' ').replace(/\s+/g, ' ').slice(0, 90);
  const line = op.operator_name ? `${'  '.repeat(depth)}${op.operator_name} ${(op.operator_timing ?? 0).toFixed(3)}s ${op.operator_cardinality ?? ''} ${what}\n` : '';
  return line + (op.children ?? []).map((c) => operatorTree(c, depth + (op.operator_name ? 1 : 0))).join('');
}
const originalQuery = DuckDbWarehouse.prototype.query;
DuckDbWarehouse.prototype.query = async function (this: DuckDbWarehouse, sql: string) {
  const started = performance.now();
  const rows = await originalQuery.call(this, sql);
  timings.push({ seconds: (performance.now() - started) / 1000, sql: `(query) ${sql.replace(/\s+/g, ' ').slice(0, 150)}` });
  return rows;
};
const project = loadProject(process.argv[2] ?? '.');
const begun = performance.now();
const result = await withProjectRun(project, 'profile-resolve', (ctx) => runResolve(ctx, { force: !process.argv.includes('--incremental') }), { stderrLevel: 'warn' });
if (!result.skipped) process.stderr.write(`${JSON.stringify(result.seconds)}\n`);
process.stderr.write(`${((performance.now() - begun) / 1000).toFixed(2)} s from opening the project to closing it; `);
process.stderr.write(`${timings.length} statements, ${timings.reduce((n, t) => n + t.seconds, 0).toFixed(2)} s in all\n`);
for (const t of timings.sort((a, b) => b.seconds - a.seconds).slice(0, Number(process.env.TOP ?? 25))) process.stderr.write(`${t.seconds.toFixed(2).padStart(7)} s  ${t.sql}\n`);
