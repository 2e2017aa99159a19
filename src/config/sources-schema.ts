// The schema registry: how each source system's exports map onto the staging shape.
// Everything a new source needs lives here, so adding a source is YAML only.
import { z } from 'zod';

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case: letters, digits and underscores, starting with a letter');

/** strftime-style format, e.g. "%m/%d/%Y" or "%Y-%m-%dT%H:%M:%S". */
const dateFormat = z.string().min(2).describe('strftime-style format such as "%m/%d/%Y %H:%M"');

export const columnTypes = ['text', 'integer', 'decimal', 'boolean', 'date', 'timestamp'] as const;
export const transforms = [
  'trim', // strip surrounding white space (applied to every column first anyway)
  'lower',
  'upper',
  'collapse_spaces', // runs of white space become one space
  'digits_only', // keep 0-9 only (phone numbers, ZIP codes)
  'strip_currency', // "$1,250.00" -> "1250.00"
] as const;

export const columnMappingSchema = z
  .object({
    source: z.string().min(1).describe('Column name exactly as it appears in the export header'),
    target: identifier.describe('Column name in staging'),
    type: z.enum(columnTypes).default('text'),
    format: dateFormat.optional().describe('Required for date and timestamp columns'),
    transform: z.array(z.enum(transforms)).default([]),
    true_values: z.array(z.string()).optional().describe('For boolean columns: texts that mean true (case-insensitive)'),
    on_invalid: z
      .enum(['quarantine', 'null'])
      .default('quarantine')
      .describe('A value that cannot be typed: quarantine the row (default) or keep the row with NULL'),
    personal: z
      .boolean()
      .optional()
      .describe('Personal data beyond the person: mapping (a display name, a device id): `cpm privacy erase` redacts it in raw'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.type === 'date' || c.type === 'timestamp') && !c.format) {
      ctx.addIssue({ code: 'custom', path: ['format'], message: `a ${c.type} column needs a format such as "%Y-%m-%d"` });
    }
  });

/** Splits one source column holding a full name into first/middle/last/suffix staging columns. */
export const splitNameSchema = z
  .object({
    source: z.string().min(1),
    order: z.enum(['first_last', 'last_comma_first']).default('first_last'),
    first: identifier.default('first_name'),
    middle: identifier.default('middle_name'),
    last: identifier.default('last_name'),
    suffix: identifier.default('name_suffix'),
  })
  .strict();

/** A value for the standard shapes: a staging column, or a constant. */
const valueRef = z.union([identifier, z.object({ const: z.string() }).strict()]);

export const personFields = [
  'first_name',
  'middle_name',
  'last_name',
  'name_suffix',
  'full_name',
  'email',
  'phone',
  'phone_type',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'zip',
  'country',
  'birth_date',
  'created_at',
  'updated_at',
] as const;

export const personMappingSchema = z
  .object({
    record_id: identifier.describe('Staging column that identifies the person record in this source'),
    fields: z.partialRecord(z.enum(personFields), valueRef).default({}),
    extra_identifiers: z
      .record(identifier, identifier)
      .default({})
      .describe('Other identifying columns (e.g. soc_sec_id: ssn) carried into staging.person_records'),
  })
  .strict();

export const eventFields = [
  'event_type',
  'event_status',
  'event_timestamp',
  'amount',
  'donation_type',
  'campaign_code',
  'channel',
  'product',
  'updated_at',
] as const;

export const eventMappingSchema = z
  .object({
    event_id: identifier.describe('Staging column that identifies the event within this source'),
    record_id: identifier.describe('Staging column naming the person record the event belongs to'),
    fields: z.partialRecord(z.enum(eventFields), valueRef),
  })
  .strict()
  .superRefine((e, ctx) => {
    for (const required of ['event_type', 'event_timestamp'] as const) {
      if (!e.fields[required]) ctx.addIssue({ code: 'custom', path: ['fields', required], message: `events need ${required}` });
    }
  });

export const csvOptionsSchema = z
  .object({
    delimiter: z.string().min(1).max(4).default(','),
    quote: z.string().max(1).default('"'),
    escape: z.string().max(1).default('"'),
    header: z.boolean().default(true),
    encoding: z.enum(['utf-8', 'utf-16', 'latin-1']).default('utf-8'),
    null_values: z.array(z.string()).default(['']),
  })
  .strict();

export const streamSchema = z
  .object({
    description: z.string().optional(),
    format: z.enum(['csv', 'jsonl']).default('csv'),
    path: z.string().min(1).describe('Glob of export files, relative to the project data directory'),
    csv: csvOptionsSchema.prefault({}),
    key: z.array(identifier).min(1).describe('Staging column(s) that identify a record: one current row per key'),
    watermark: identifier
      .optional()
      .describe('Staging column (a timestamp) that grows when a record changes; enables incremental loads'),
    mapping_version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use semver such as 1.0.0').default('1.0.0'),
    columns: z.array(columnMappingSchema).min(1),
    split_name: splitNameSchema.optional(),
    person: personMappingSchema.optional(),
    events: z.array(eventMappingSchema).default([]),
  })
  .strict();

export const sourceSchema = z
  .object({
    description: z.string().optional(),
    connector: z.enum(['file']).default('file'),
    streams: z.record(identifier, streamSchema),
  })
  .strict();

export const sourcesFileSchema = z
  .object({
    version: z.literal(1),
    sources: z.record(identifier, sourceSchema),
  })
  .strict();

export type ColumnMapping = z.infer<typeof columnMappingSchema>;
export type ColumnType = (typeof columnTypes)[number];
export type StreamConfig = z.infer<typeof streamSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type SourcesFile = z.infer<typeof sourcesFileSchema>;
export type PersonMapping = z.infer<typeof personMappingSchema>;
export type EventMapping = z.infer<typeof eventMappingSchema>;
export type ValueRef = z.infer<typeof valueRef>;
export type CsvOptions = z.infer<typeof csvOptionsSchema>;
