// Opens the warehouse a project's cpm.yaml names. The only place that picks an adapter.
import type { Project } from '../config/project.js';
import type { WarehouseConfig } from '../config/project-schema.js';
import { CpmError, ExitCode } from '../errors/cpm-error.js';
import { DatabricksWarehouse } from './databricks/databricks-warehouse.js';
import { DuckDbWarehouse } from './duckdb/duckdb-warehouse.js';
import { PostgresWarehouse } from './postgres/postgres-warehouse.js';
import { SnowflakeWarehouse } from './snowflake/snowflake-warehouse.js';
import type { Warehouse } from './warehouse.js';

const openHints: Record<WarehouseConfig['type'], string> = {
  duckdb: 'check that no other process holds the database file and the disk is writable',
  postgres: 'check that the server is running and the URL in cpm.yaml (warehouse.url) is right',
  databricks: 'check the host, HTTP path and token (cpm.yaml warehouse block or DATABRICKS_* variables; docs/engines/databricks.md)',
  snowflake: 'check the account, user and credentials (cpm.yaml warehouse block or SNOWFLAKE_* variables; docs/engines/snowflake.md)',
};

export async function openWarehouse(project: Project, override?: WarehouseConfig): Promise<Warehouse> {
  const config = override ?? project.config.warehouse;
  try {
    switch (config.type) {
      case 'duckdb':
        return await DuckDbWarehouse.open(project.path(config.path), { threads: config.threads, memoryLimit: config.memory_limit });
      case 'postgres':
        return await PostgresWarehouse.open(config.url);
      case 'databricks':
        return await DatabricksWarehouse.open(config, process.env);
      case 'snowflake':
        return await SnowflakeWarehouse.open(config, process.env);
    }
  } catch (e) {
    if (e instanceof CpmError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new CpmError(`cannot open the ${config.type} warehouse: ${message}`, ExitCode.runtime, openHints[config.type]);
  }
}
