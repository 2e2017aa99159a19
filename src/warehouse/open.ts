// Opens the warehouse a project's cpm.yaml names. The only place that picks an adapter.
import type { Project } from '../config/project.js';
import type { WarehouseConfig } from '../config/project-schema.js';
import { CpmError, ExitCode } from '../errors/cpm-error.js';
import { DuckDbWarehouse } from './duckdb/duckdb-warehouse.js';
import { PostgresWarehouse } from './postgres/postgres-warehouse.js';
import type { Warehouse } from './warehouse.js';

export async function openWarehouse(project: Project, override?: WarehouseConfig): Promise<Warehouse> {
  const config = override ?? project.config.warehouse;
  try {
    switch (config.type) {
      case 'duckdb':
        return await DuckDbWarehouse.open(project.path(config.path), { threads: config.threads, memoryLimit: config.memory_limit });
      case 'postgres':
        return await PostgresWarehouse.open(config.url);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hint =
      config.type === 'postgres'
        ? 'check that the server is running and the URL in cpm.yaml (warehouse.url) is right'
        : 'check that no other process holds the database file and the disk is writable';
    throw new CpmError(`cannot open the ${config.type} warehouse: ${message}`, ExitCode.runtime, hint);
  }
}
