// `npm test`: starts a throw-away PostgreSQL server (unless CPM_TEST_POSTGRES_URL names one),
// runs every test file with node's test runner on both engines, and stops the server.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { postgresBinDir, startPostgres, type PostgresServer } from './support/postgres-server.js';

const env = { ...process.env };
let server: PostgresServer | undefined;
if (!env['CPM_TEST_POSTGRES_URL']) {
  if (postgresBinDir()) {
    server = await startPostgres();
    env['CPM_TEST_POSTGRES_URL'] = server.url;
    process.stderr.write(`test PostgreSQL server at ${server.url}\n`);
  } else if (env['CI']) {
    process.stderr.write('error: CI needs PostgreSQL for the engine matrix; install postgresql (see .ci/run)\n');
    process.exit(1);
  } else {
    process.stderr.write('warning: no PostgreSQL binaries found: PostgreSQL tests will be skipped (apt-get install postgresql)\n');
  }
}
// Node 20's test runner does not expand globs itself.
const all = readdirSync(import.meta.dirname, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => relative(process.cwd(), join(e.parentPath, e.name)))
  .sort();
const files = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...(files.length ? files : all)], { stdio: 'inherit', env });
server?.stop();
process.exit(result.status ?? 1);
