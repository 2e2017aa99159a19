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

export const warehouseSchema = z.discriminatedUnion('type', [duckdbWarehouseSchema, postgresWarehouseSchema]);

export const projectFileSchema = z
  .object({
    name: z.string().min(1),
    warehouse: warehouseSchema.prefault({ type: 'duckdb' }),
    data_dir: z.string().default('data').describe('Where source exports are read from, relative to the project'),
    as_of: isoDate.optional().describe('Default as-of date for metrics and scores'),
    logs_dir: z.string().default('logs'),
  })
  .strict();

export type ProjectFile = z.infer<typeof projectFileSchema>;
export type WarehouseConfig = z.infer<typeof warehouseSchema>;
