// Starts a throw-away Apache Spark Thrift server (HiveServer2 protocol) with Delta Lake for the
// test run, from what .ci/install-spark.sh put into <repo>/.engines/spark: local[2], loopback
// only, its own temp dir for the Derby metastore and the warehouse files, a free port.
// Settings are the Spark spike's (docs/engines.md): small shuffles on 2 cores, Delta jars on the
// driver class path (--packages breaks the Thrift server: delta-io/delta#1332).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface SparkServer {
  host: string;
  port: number;
  stop(): void;
}

const base = join(import.meta.dirname, '..', '..', '.engines', 'spark');

function sparkHome(): string | undefined {
  const lib = join(base, 'venv', 'lib');
  if (!existsSync(lib)) return undefined;
  const python = readdirSync(lib).find((d) => existsSync(join(lib, d, 'site-packages', 'pyspark', 'bin', 'spark-submit')));
  return python ? join(lib, python, 'site-packages', 'pyspark') : undefined;
}

/** Whether .ci/install-spark.sh has run (pyspark and the Delta jars are in place). */
export function sparkInstalled(): boolean {
  const jars = join(base, 'jars');
  return sparkHome() !== undefined && existsSync(jars) && readdirSync(jars).some((f) => f.startsWith('delta-spark_'));
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The HiveServer2 session is usable (the port opens before the SparkSession is ready). */
async function sessionOpens(host: string, port: number): Promise<boolean> {
  const hive = await import('hive-driver');
  const { TCLIService, TCLIService_types: T } = hive.thrift;
  const client = new hive.HiveClient(TCLIService, T);
  client.on('error', () => {});
  try {
    await client.connect({ host, port }, new hive.connections.TcpConnection(), new hive.auth.PlainTcpAuthentication({ username: 'cpm', password: 'cpm' }));
    const session = await client.openSession({ client_protocol: T.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10 });
    await session.close();
    return true;
  } catch {
    return false;
  } finally {
    client.close(); // synchronous in hive-driver 1.0
  }
}

/** driverMemory: the JVM heap of the local-mode server (default 2g, enough for the tests' worlds). */
export async function startSpark(options: { timeoutMs?: number; driverMemory?: string } = {}): Promise<SparkServer> {
  const home = sparkHome();
  if (!home || !sparkInstalled()) throw new Error(`Spark is not installed under ${base}: run .ci/install-spark.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'cpm-spark-'));
  const host = '127.0.0.1';
  const port = await freePort();
  const conf: Record<string, string> = {
    'spark.driver.extraClassPath': `${join(base, 'jars')}/*`,
    'spark.sql.extensions': 'io.delta.sql.DeltaSparkSessionExtension',
    'spark.sql.catalog.spark_catalog': 'org.apache.spark.sql.delta.catalog.DeltaCatalog',
    'spark.sql.warehouse.dir': join(dir, 'warehouse'),
    'spark.sql.shuffle.partitions': '2',
    'spark.default.parallelism': '2',
    'spark.databricks.delta.snapshotPartitions': '2',
    'spark.ui.enabled': 'false',
    'spark.ui.showConsoleProgress': 'false',
    'spark.driver.host': host,
    'spark.driver.bindAddress': host,
    'spark.sql.session.timeZone': 'UTC',
    // Derby's metastore_db and derby.log go to the working directory unless told otherwise.
    'spark.driver.extraJavaOptions': `-Dderby.system.home=${dir} -Djava.io.tmpdir=${dir}`,
  };
  const args = [
    '--master', 'local[2]', '--driver-memory', options.driverMemory ?? '2g',
    ...Object.entries(conf).flatMap(([k, v]) => ['--conf', `${k}=${v}`]),
    '--class', 'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2', 'spark-internal',
    '--hiveconf', `hive.server2.thrift.bind.host=${host}`, '--hiveconf', `hive.server2.thrift.port=${port}`,
  ];
  const log = join(dir, 'thrift.log');
  const out = openSync(log, 'a');
  const child = spawn(join(home, 'bin', 'spark-submit'), args, { cwd: dir, stdio: ['ignore', out, out], env: { ...process.env, SPARK_HOME: home }, detached: true });
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = () => {
    try {
      // spark-submit execs the JVM in its own process group: end the group, nothing else.
      if (!exited && child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  try {
    while (Date.now() < deadline && !exited) {
      if ((await accepts(host, port)) && (await sessionOpens(host, port))) return { host, port, stop };
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    stop();
    throw error;
  }
  const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : '';
  stop();
  throw new Error(`the Spark Thrift server did not ${exited ? 'stay up' : 'accept a session in time'}; its log ends:\n${tail}`);
}
