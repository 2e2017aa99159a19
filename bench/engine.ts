// `npm run bench:engine -- --warehouse ENGINE --world DIR [--keep DIR]`: the whole pipeline
// (ingest, stage, resolve, marts, metrics) once, on one engine, over a world `cpm generate`
// wrote. Prints seconds per step, rows, golden records and this process's peak memory. The
// engine's connection comes from its environment variables, as for `cpm run --warehouse`
// (docs/engines/); `--start` starts the local test server of Spark or the Snowflake emulator
// (installed by .ci/install-spark.sh / .ci/install-fakesnow.sh) for the run; `--spark-memory`
// is that Spark server's heap (default 8g).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { loadProject } from '../src/config/project.js';
import { goldenCounts } from '../src/identity/golden.js';
import { runPipeline } from '../src/pipeline/run-pipeline.js';
import { withProjectRun } from '../src/pipeline/run-session.js';
import { initProject } from '../src/project/init.js';
import { startFakesnow } from '../test/support/fakesnow-server.js';
import { startSpark } from '../test/support/spark-server.js';

const { values } = parseArgs({ options: { warehouse: { type: 'string', default: 'duckdb' }, world: { type: 'string' }, keep: { type: 'string' }, start: { type: 'boolean', default: false }, 'spark-memory': { type: 'string', default: '8g' } } });
if (!values.world) throw new Error('pass --world DIR (a world written by `cpm generate`)');
const engine = values.warehouse!;
const dir = values.keep ?? mkdtempSync(join(tmpdir(), `cpm-bench-${engine}-`));
mkdirSync(dir, { recursive: true });

const stops: Array<() => void> = [];
if (values.start && engine === 'databricks') {
  const spark = await startSpark({ driverMemory: values['spark-memory'] });
  stops.push(spark.stop);
  Object.assign(process.env, { CPM_SPARK_HOST: spark.host, CPM_SPARK_PORT: String(spark.port) });
}
if (values.start && engine === 'snowflake') {
  const emulator = await startFakesnow();
  stops.push(emulator.stop);
  const url = new URL(emulator.url);
  Object.assign(process.env, { SNOWFLAKE_ACCOUNT: 'fakesnow', SNOWFLAKE_USER: 'bench', SNOWFLAKE_PASSWORD: 'bench', SNOWFLAKE_HOST: url.hostname, SNOWFLAKE_PORT: url.port, SNOWFLAKE_PROTOCOL: 'http' });
}

try {
  initProject(join(dir, 'project'));
  // A Spark run also needs the databricks driver for a local Thrift server.
  const warehouse = engine === 'databricks' && !process.env['DATABRICKS_HOST'] ? { type: engine, driver: 'spark-thrift' } : { type: engine };
  writeFileSync(join(dir, 'project', 'cpm.yaml'), stringify({ name: 'bench', warehouse, data_dir: resolve(values.world) }));
  const project = loadProject(join(dir, 'project'));
  process.stderr.write(`cpm bench:engine on ${engine}, world ${values.world}, project ${join(dir, 'project')}\n`);
  const report = await withProjectRun(
    project,
    'bench engine',
    async (ctx) => {
      const result = await runPipeline(ctx);
      const golden = await goldenCounts(ctx.wh);
      return {
        engine,
        seconds: result.seconds,
        totalSeconds: Object.values(result.seconds).reduce((a, b) => a + b, 0),
        rowsLanded: result.ingest.reduce((n, r) => n + r.rows, 0),
        golden,
        metrics: result.metrics?.computed,
        peakNodeRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
    },
    { stderrLevel: 'warn' },
  );
  for (const [step, seconds] of Object.entries(report.seconds)) process.stderr.write(`  ${step.padEnd(8)} ${seconds.toFixed(1).padStart(8)} s\n`);
  process.stderr.write(`  total    ${report.totalSeconds.toFixed(1).padStart(8)} s, ${report.rowsLanded.toLocaleString('en-US')} rows landed, ${report.golden.constituents.toLocaleString('en-US')} constituents\n`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  stops.forEach((stop) => stop());
}
