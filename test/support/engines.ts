// The engine matrix for integration tests: every test that touches a warehouse runs on each
// engine available to the run. PostgreSQL comes from test/run.ts (a real server it started).
// Spark and the Snowflake emulator run a few hundred statements a minute, so only the
// cross-engine tests use them (`allEngines`).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { duckdbWarehouseSchema, type WarehouseConfig } from '../../src/config/project-schema.js';
import { freshSnowflakeWarehouse } from './snowflake-engine.js';
import { freshSparkWarehouse } from './spark-engine.js';

export interface TestEngine {
  name: WarehouseConfig['type'];
  /** Why the engine is not available in this run, if it is not. */
  skip: string | false;
  /** A fresh, empty warehouse for one project. */
  freshWarehouse(): Promise<WarehouseConfig>;
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `cpm_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const postgresUrl = process.env['CPM_TEST_POSTGRES_URL'];

export const engines: TestEngine[] = [
  { name: 'duckdb', skip: false, freshWarehouse: async () => duckdbWarehouseSchema.parse({ type: 'duckdb' }) },
  {
    name: 'postgres',
    skip: postgresUrl ? false : 'CPM_TEST_POSTGRES_URL is not set (npm test starts a server when PostgreSQL is installed)',
    freshWarehouse: async () => ({ type: 'postgres', url: await createDatabase(postgresUrl!) }),
  },
];

const sparkServer = process.env['CPM_TEST_SPARK'];
const snowflakeEmulator = process.env['CPM_TEST_SNOWFLAKE'];

/** Every engine, the distributed ones included. */
export const allEngines: TestEngine[] = [
  ...engines,
  {
    name: 'databricks',
    skip: sparkServer ? false : 'CPM_TEST_SPARK is not set (npm test starts a Spark Thrift server when .ci/install-spark.sh has run)',
    freshWarehouse: freshSparkWarehouse,
  },
  {
    name: 'snowflake',
    skip: snowflakeEmulator ? false : 'CPM_TEST_SNOWFLAKE is not set (npm test starts the emulator when .ci/install-fakesnow.sh has run)',
    freshWarehouse: freshSnowflakeWarehouse,
  },
];
