// `node --import tsx bench/profile-resolve.ts PROJECT [--incremental]`: one resolution of a project
// (forced to be a full one unless --incremental) with every SQL statement timed; prints the slowest, to see where resolution spends its time.
import { loadProject } from '../src/config/project.js';
import { runResolve } from '../src/identity/resolve.js';
import { withProjectRun } from '../src/pipeline/run-session.js';
import { DuckDbWarehouse } from '../src/warehouse/duckdb/duckdb-warehouse.js';

const timings: { seconds: number; sql: string }[] = [];
const original = DuckDbWarehouse.prototype.execute;
DuckDbWarehouse.prototype.execute = async function (this: DuckDbWarehouse, sql: string) {
  const started = performance.now();
  await original.call(this, sql);
  timings.push({ seconds: (performance.now() - started) / 1000, sql: sql.replace(/\s+/g, ' ').slice(0, 160) });
};
const project = loadProject(process.argv[2] ?? '.');
const result = await withProjectRun(project, 'profile-resolve', (ctx) => runResolve(ctx, { force: !process.argv.includes('--incremental') }), { stderrLevel: 'warn' });
if (!result.skipped) process.stderr.write(`${JSON.stringify(result.seconds)}\n`);
process.stderr.write(`${timings.length} statements, ${timings.reduce((n, t) => n + t.seconds, 0).toFixed(2)} s in all\n`);
for (const t of timings.sort((a, b) => b.seconds - a.seconds).slice(0, Number(process.env.TOP ?? 25))) process.stderr.write(`${t.seconds.toFixed(2).padStart(7)} s  ${t.sql}\n`);
