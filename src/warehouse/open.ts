// Opens the warehouse a project's cpm.yaml names. The only place that picks an adapter.
// Adapters are imported when chosen: each driver is large, and snowflake-sdk's AWS SDK prints a
// Node-version warning on load, which a DuckDB user should never see.
import type { Project } from '../config/project.js';
import type { WarehouseConfig } from '../config/project-schema.js';
import { CpmError, ExitCode } from '../errors/cpm-error.js';
import { withFaultInjection } from '../pipeline/fault-injection.js';
import { describeHolder, readLockHolder, runLockPath } from '../pipeline/run-lock-file.js';
import { WarehouseBusyError } from './warehouse-busy.js';
import type { Warehouse } from './warehouse.js';

const openHints: Record<WarehouseConfig['type'], string> = {
  duckdb: 'check that no other process holds the database file and the disk is writable',
  postgres: 'check that the server is running and the URL in cpm.yaml (warehouse.url) is right',
  databricks: 'check the host, HTTP path and token (cpm.yaml warehouse block or DATABRICKS_* variables; docs/engines/databricks.md)',
  snowflake: 'check the account, user and credentials (cpm.yaml warehouse block or SNOWFLAKE_* variables; docs/engines/snowflake.md)',
};

export async function openWarehouse(project: Project, override?: WarehouseConfig): Promise<Warehouse> {
  // The crash tests' kill hook sits here, in one place for every engine (a no-op unless
  // CPM_FAULT_KILL_AT or CPM_FAULT_TRACE is set; see pipeline/fault-injection.ts).
  return withFaultInjection(await openAdapter(project, override));
}

async function openAdapter(project: Project, override?: WarehouseConfig): Promise<Warehouse> {
  const config = override ?? project.config.warehouse;
  try {
    switch (config.type) {
      case 'duckdb': {
        const { DuckDbWarehouse } = await import('./duckdb/duckdb-warehouse.js');
        return await DuckDbWarehouse.open(project.path(config.path), { threads: config.threads, memoryLimit: config.memory_limit });
      }
      case 'postgres': {
        const { PostgresWarehouse } = await import('./postgres/postgres-warehouse.js');
        return await PostgresWarehouse.open(config.url);
      }
      case 'databricks': {
        const { DatabricksWarehouse } = await import('./databricks/databricks-warehouse.js');
        return await DatabricksWarehouse.open(config, process.env);
      }
      case 'snowflake': {
        const { SnowflakeWarehouse } = await import('./snowflake/snowflake-warehouse.js');
        return await SnowflakeWarehouse.open(config, process.env);
      }
    }
  } catch (e) {
    if (e instanceof WarehouseBusyError) {
      // Name the run holding it when the project's run lock says which (same pid, or none given).
      const holder = readLockHolder(runLockPath(project.root));
      throw e.naming(holder && (e.holderPid === undefined || e.holderPid === holder.pid) ? describeHolder(holder) : undefined);
    }
    if (e instanceof CpmError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new CpmError(`cannot open the ${config.type} warehouse: ${message}`, ExitCode.runtime, openHints[config.type]);
  }
}
