// A fresh Snowflake warehouse on the emulator test/run.ts started (CPM_TEST_SNOWFLAKE, its URL):
// one new database per call, created by the login itself.
import { randomBytes } from 'node:crypto';
import type { WarehouseConfig } from '../../src/config/project-schema.js';

export const snowflakeTestUrl = process.env['CPM_TEST_SNOWFLAKE'];

export async function freshSnowflakeWarehouse(): Promise<WarehouseConfig> {
  if (!snowflakeTestUrl) throw new Error('CPM_TEST_SNOWFLAKE is not set (the URL of a fakesnow server; test/support/fakesnow-server.ts starts one)');
  const url = new URL(snowflakeTestUrl);
  return {
    type: 'snowflake',
    account: 'fakesnow',
    user: 'fake',
    password: 'snow',
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    database: `CPM_TEST_${randomBytes(6).toString('hex').toUpperCase()}`,
  };
}
