// config/metrics_definitions.yaml: the governed metrics dictionary (blueprint 4.2), plus the
// semantic models its calculations read. Shape only; calculations are parsed and cross-checked
// in src/metrics/dictionary.ts.
import { z } from 'zod';

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case');
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version like 1.2.0');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-06-30');

const columnSchema = z.union([
  z.string().min(1).describe('The calculation'),
  z.object({ sql: z.string().min(1), description: z.string().optional() }).strict(),
]);

export const semanticModelSchema = z
  .object({
    description: z.string().min(1),
    table: z.string().regex(/^[a-z_]+\.[a-z_]+$/, "write 'schema.table'").optional().describe('A warehouse table, read up to the as-of date'),
    date_column: name.optional().describe('The row date: only rows on or before the as-of date are read'),
    columns: z
      .union([z.array(name), z.record(name, columnSchema)])
      .describe('A table model lists its columns; an entity model defines each as a calculation over its `from` model'),
    from: name.optional().describe('An entity model: one row per `key` of this table model'),
    key: name.optional(),
    dimensions: z.record(name, name).default({}).describe('Dimension name -> column of this model'),
  })
  .strict();

const dimensionEntry = z.union([name, z.record(name, z.string()).refine((o) => Object.keys(o).length === 1, 'one `name: description` per entry')]);

const calculationSchema = z
  .object({
    from: name.default('constituents').describe('The semantic model the calculation reads'),
    sql: z.string().min(1).optional().describe('An aggregate and an optional WHERE'),
    ratio: z.object({ numerator: name, denominator: name }).strict().optional().describe('numerator / denominator of two metrics'),
    expression: z.string().min(1).optional().describe('An expression over other metrics, e.g. active_member_with_grace - active_member'),
  })
  .strict()
  .refine((c) => [c.sql, c.ratio, c.expression].filter(Boolean).length === 1, 'give exactly one of sql, ratio or expression');

const expectationsSchema = z
  .object({
    min: z.number().optional(),
    max: z.number().optional(),
    max_change: z
      .object({ percent: z.number().positive(), period: z.enum(['day', 'week', 'month', 'quarter', 'year']).default('month') })
      .strict()
      .optional()
      .describe('Fail when the value moved more than this from the value one period earlier'),
    additive: z.boolean().optional().describe('Each dimension breakdown must sum to the total'),
  })
  .strict();

export const metricSchema = z
  .object({
    display_name: z.string().min(1),
    definition: z.string().min(1),
    business_owner: z.string().min(1),
    version: semver,
    status: z.enum(['draft', 'approved', 'certified']),
    approved_by: z.string().min(1).optional(),
    approved_at: isoDate.optional(),
    calculation: calculationSchema,
    format: z.enum(['count', 'currency', 'percent', 'number']).default('count'),
    dimensions: z.array(dimensionEntry).default([]),
    refresh_frequency: z.enum(['hourly', 'daily', 'weekly', 'monthly']),
    data_sources: z.array(z.object({ table: z.string().min(1), fields: z.array(z.string()).default([]) }).strict()).default([]),
    caveats: z.array(z.string()).default([]),
    expectations: expectationsSchema.optional(),
  })
  .strict()
  .refine((m) => m.status === 'draft' || (m.approved_by && m.approved_at), { message: 'an approved or certified metric names approved_by and approved_at', path: ['status'] });

export const metricsFileSchema = z
  .object({
    headline: z.array(name).default([]).describe('Metrics `cpm run` and `cpm demo` print (all are computed and stored)'),
    semantic_models: z.record(name, semanticModelSchema),
    metrics: z.record(name, metricSchema),
  })
  .strict();

export type MetricsFile = z.infer<typeof metricsFileSchema>;
export type MetricDefinition = z.infer<typeof metricSchema>;
export type SemanticModelDefinition = z.infer<typeof semanticModelSchema>;
