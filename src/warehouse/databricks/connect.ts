// Opens the transport cpm.yaml's `driver` names, with the settings the warehouse block leaves
// out read from the environment (the variables project-schema.ts names), so no secret needs to
// be written into the project.
import type { DatabricksWarehouseConfig } from '../../config/project-schema.js';
import { UsageError } from '../../errors/cpm-error.js';
import { DatabricksSqlTransport } from './databricks-sql-transport.js';
import { SparkThriftTransport } from './spark-thrift-transport.js';
import type { SparkTransport } from './transport.js';

type Env = Record<string, string | undefined>;

function portFrom(text: string | undefined, variable: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`${variable}="${text}" is not a port number`, `set ${variable} to the server's port, e.g. 10000`);
  return port;
}

export type Driver = DatabricksWarehouseConfig['driver'];

/**
 * The driver to use: cpm.yaml's. `--warehouse databricks` (or a block without host) on a
 * machine whose environment names a Spark Thrift server (CPM_SPARK_HOST/PORT) and no Databricks
 * workspace (DATABRICKS_HOST) means that server: the schema's default driver cannot tell.
 */
export function resolveDriver(config: DatabricksWarehouseConfig, env: Env): Driver {
  const sparkEnv = Boolean(env['CPM_SPARK_HOST'] || env['CPM_SPARK_PORT']);
  if (config.driver === 'databricks-sql' && !config.host && !config.http_path && !env['DATABRICKS_HOST'] && sparkEnv) return 'spark-thrift';
  return config.driver;
}

export async function openTransport(config: DatabricksWarehouseConfig, driver: Driver, env: Env): Promise<SparkTransport> {
  if (driver === 'spark-thrift') {
    const host = config.host ?? (env['CPM_SPARK_HOST'] || '127.0.0.1');
    const port = config.port ?? portFrom(env['CPM_SPARK_PORT'], 'CPM_SPARK_PORT') ?? 10000;
    return SparkThriftTransport.open(host, port);
  }
  const host = (config.host ?? env['DATABRICKS_HOST'])?.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const httpPath = config.http_path ?? env['DATABRICKS_HTTP_PATH'];
  const token = config.token ?? env['DATABRICKS_TOKEN'];
  const missing = [!host && 'host (DATABRICKS_HOST)', !httpPath && 'http_path (DATABRICKS_HTTP_PATH)', !token && 'token (DATABRICKS_TOKEN)'].filter(Boolean);
  if (missing.length || !host || !httpPath || !token) {
    throw new UsageError(
      `the databricks warehouse needs ${missing.join(', ')}`,
      'set them in the warehouse block of cpm.yaml or in the environment; for an Apache Spark Thrift server use driver: spark-thrift',
    );
  }
  return DatabricksSqlTransport.open({ host, port: config.port, httpPath, token, catalog: config.catalog, volume: config.volume ?? env['DATABRICKS_VOLUME'] });
}
