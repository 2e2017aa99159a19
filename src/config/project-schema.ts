// cpm.yaml: the project's name, its warehouse and run defaults.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-06-30');

export const duckdbWarehouseSchema = z
  .object({
    type: z.literal('duckdb'),
    path: z.string().default('warehouse/cpm.duckdb').describe('Database file, relative to the project'),
    threads: z.number().int().positive().optional(),
    // A bound keeps a big build predictable on a shared machine; DuckDB spills to disk beyond it.
    memory_limit: z.string().default('3GB').describe('DuckDB memory limit, e.g. "3GB" (default) or "16GB"'),
  })
  .strict();

export const postgresWarehouseSchema = z
  .object({
    type: z.literal('postgres'),
    url: z.string().min(1).describe('postgres://user:password@host:port/database; use ${ENV_VAR} for secrets'),
  })
  .strict();

// Connection settings left out here are read from the environment by the adapter (the variable
// is named in each description), so secrets need not be written into cpm.yaml.
export const databricksWarehouseSchema = z
  .object({
    type: z.literal('databricks'),
    driver: z
      .enum(['databricks-sql', 'spark-thrift'])
      .default('databricks-sql')
      .describe('databricks-sql: a Databricks SQL warehouse through @databricks/sql; spark-thrift: an Apache Spark Thrift server (HiveServer2 protocol) with Delta Lake'),
    host: z.string().min(1).optional().describe('Server hostname; default $DATABRICKS_HOST (databricks-sql) or $CPM_SPARK_HOST, else 127.0.0.1 (spark-thrift)'),
    port: z.number().int().positive().optional().describe('Port; default 443 (databricks-sql) or $CPM_SPARK_PORT, else 10000 (spark-thrift)'),
    http_path: z.string().min(1).optional().describe('SQL warehouse HTTP path; default $DATABRICKS_HTTP_PATH (databricks-sql only)'),
    token: z.string().min(1).optional().describe('Personal access token; default $DATABRICKS_TOKEN (databricks-sql only)'),
    catalog: z.string().min(1).optional().describe('Unity Catalog catalog for the project schemas; default the session default'),
    volume: z
      .string()
      .min(1)
      .optional()
      .describe('Unity Catalog volume path that landing files are PUT into, e.g. /Volumes/main/cpm/landing; default $DATABRICKS_VOLUME (databricks-sql only)'),
  })
  .strict();

export const snowflakeWarehouseSchema = z
  .object({
    type: z.literal('snowflake'),
    account: z.string().min(1).optional().describe('Account identifier; default $SNOWFLAKE_ACCOUNT'),
    user: z.string().min(1).optional().describe('User; default $SNOWFLAKE_USER'),
    password: z.string().min(1).optional().describe('Password; default $SNOWFLAKE_PASSWORD (or use private_key_path)'),
    private_key_path: z.string().min(1).optional().describe('PKCS#8 PEM key for key-pair auth; default $SNOWFLAKE_PRIVATE_KEY_PATH'),
    database: z.string().min(1).optional().describe('Database holding the project schemas; default $SNOWFLAKE_DATABASE, else CPM'),
    warehouse: z.string().min(1).optional().describe('Virtual warehouse; default $SNOWFLAKE_WAREHOUSE'),
    role: z.string().min(1).optional().describe('Role; default $SNOWFLAKE_ROLE'),
    host: z.string().min(1).optional().describe('Override of <account>.snowflakecomputing.com (an emulator); default $SNOWFLAKE_HOST'),
    port: z.number().int().positive().optional().describe('Port with host; default $SNOWFLAKE_PORT'),
    protocol: z.enum(['https', 'http']).optional().describe('Protocol with host; default $SNOWFLAKE_PROTOCOL, else https'),
  })
  .strict();

export const warehouseSchema = z.discriminatedUnion('type', [duckdbWarehouseSchema, postgresWarehouseSchema, databricksWarehouseSchema, snowflakeWarehouseSchema]);
export const warehouseTypes = ['duckdb', 'postgres', 'databricks', 'snowflake'] as const;
export type WarehouseType = (typeof warehouseTypes)[number];

export const projectFileSchema = z
  .object({
    name: z.string().min(1),
    warehouse: warehouseSchema.prefault({ type: 'duckdb' }),
    data_dir: z.string().default('data').describe('Where source exports are read from, relative to the project'),
    as_of: isoDate.optional().describe('Default as-of date for metrics and scores'),
    logs_dir: z.string().default('logs'),
    snapshots: z
      .object({
        keep: z.number().int().min(0).default(5).describe('Snapshots of the published state to keep, newest first (`cpm rollback --to RUN_ID`); 0 keeps none'),
      })
      .strict()
      .prefault({})
      .describe('What each run that publishes keeps for rollback (docs/snapshots.md)'),
  })
  .strict();

export type ProjectFile = z.infer<typeof projectFileSchema>;
export type WarehouseConfig = z.infer<typeof warehouseSchema>;
export type DatabricksWarehouseConfig = z.infer<typeof databricksWarehouseSchema>;
export type SnowflakeWarehouseConfig = z.infer<typeof snowflakeWarehouseSchema>;
