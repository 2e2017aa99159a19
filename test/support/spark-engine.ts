// A fresh warehouse on the Spark Thrift server test/run.ts started (CPM_TEST_SPARK, host:port).
// Spark's metastore has one namespace of schemas per server (no databases to create per test),
// so "fresh" means: every schema a project made before is dropped. Session scratch schemas
// (cpm_session_*) belong to open connections and are left alone; each drops its own on close.
import { databricksWarehouseSchema, type WarehouseConfig } from '../../src/config/project-schema.js';
import { SparkThriftTransport } from '../../src/warehouse/databricks/spark-thrift-transport.js';

export const sparkTestServer = process.env['CPM_TEST_SPARK'];

export function sparkAddress(): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(sparkTestServer ?? '');
  if (!m) throw new Error(`CPM_TEST_SPARK="${sparkTestServer ?? ''}": expected host:port of a Spark Thrift server (test/support/spark-server.ts starts one)`);
  return { host: m[1]!, port: Number(m[2]) };
}

export async function freshSparkWarehouse(): Promise<WarehouseConfig> {
  const { host, port } = sparkAddress();
  const spark = await SparkThriftTransport.open(host, port);
  try {
    const schemas = (await spark.run('SHOW SCHEMAS')).map((r) => String(r['namespace'] ?? r['databaseName']));
    for (const schema of schemas.filter((s) => s !== 'default' && !s.startsWith('cpm_session_'))) {
      await spark.run(`DROP SCHEMA IF EXISTS \`${schema.replaceAll('`', '``')}\` CASCADE`);
    }
  } finally {
    await spark.close();
  }
  return databricksWarehouseSchema.parse({ type: 'databricks', driver: 'spark-thrift', host, port });
}
