// The one list of dialects. Tests loop over it; the warehouse registry picks from it.
import type { Dialect } from './dialect.js';
import { DatabricksDialect } from './databricks/databricks-dialect.js';
import { DuckDbDialect } from './duckdb/duckdb-dialect.js';
import { PostgresDialect } from './postgres/postgres-dialect.js';
import { SnowflakeDialect } from './snowflake/snowflake-dialect.js';

export const dialectNames = ['duckdb', 'postgres', 'snowflake', 'databricks'] as const;
export type DialectName = (typeof dialectNames)[number];

export function getDialect(name: DialectName): Dialect {
  switch (name) {
    case 'duckdb':
      return new DuckDbDialect();
    case 'postgres':
      return new PostgresDialect();
    case 'snowflake':
      return new SnowflakeDialect();
    case 'databricks':
      return new DatabricksDialect();
  }
}
