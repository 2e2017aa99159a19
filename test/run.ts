// `npm test`: starts the engines the tests run on, runs every test file with node's test runner,
// and stops the servers. PostgreSQL is a throw-away server (unless CPM_TEST_POSTGRES_URL names
// one); Apache Spark (Thrift server with Delta Lake) and the Snowflake emulator start when
// .ci/install-spark.sh and .ci/install-fakesnow.sh have installed them, and only for the test
// files that use them. CI needs every engine.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fakesnowInstalled, startFakesnow } from './support/fakesnow-server.js';
import { postgresBinDir, startPostgres } from './support/postgres-server.js';
import { sparkInstalled, startSpark } from './support/spark-server.js';

const env = { ...process.env };
const stops: Array<() => void> = [];
const stopAll = () => stops.splice(0).reverse().forEach((stop) => stop());
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

function missing(engine: string, how: string): void {
  if (env['CI']) {
    process.stderr.write(`error: CI needs ${engine} for the engine matrix; ${how} (see .ci/run)\n`);
    stopAll();
    process.exit(1);
  }
  process.stderr.write(`warning: ${engine} is not installed: its tests will be skipped (${how})\n`);
}

// Node 20's test runner does not expand globs itself.
const all = readdirSync(import.meta.dirname, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => relative(process.cwd(), join(e.parentPath, e.name)))
  .sort();
const files = process.argv.slice(2);
const distributed = files.length === 0 || files.some((f) => /engines|databricks|snowflake|spark/.test(f));

try {
  if (!env['CPM_TEST_POSTGRES_URL']) {
    if (postgresBinDir()) {
      const server = await startPostgres();
      stops.push(server.stop);
      env['CPM_TEST_POSTGRES_URL'] = server.url;
      process.stderr.write(`test PostgreSQL server at ${server.url}\n`);
    } else missing('PostgreSQL', 'apt-get install postgresql');
  }
  if (distributed && !env['CPM_TEST_SNOWFLAKE']) {
    if (fakesnowInstalled()) {
      const server = await startFakesnow();
      stops.push(server.stop);
      env['CPM_TEST_SNOWFLAKE'] = server.url;
      process.stderr.write(`test Snowflake emulator (fakesnow) at ${server.url}\n`);
    } else missing('the Snowflake emulator (fakesnow)', 'bash .ci/install-fakesnow.sh');
  }
  if (distributed && !env['CPM_TEST_SPARK']) {
    if (sparkInstalled()) {
      const server = await startSpark();
      stops.push(server.stop);
      env['CPM_TEST_SPARK'] = `${server.host}:${server.port}`;
      process.stderr.write(`test Spark Thrift server at ${env['CPM_TEST_SPARK']}\n`);
    } else missing('Apache Spark with Delta Lake', 'bash .ci/install-spark.sh');
  }
} catch (error) {
  stopAll();
  throw error;
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...(files.length ? files : all)], { stdio: 'inherit', env });
stopAll();
process.exit(result.status ?? 1);
