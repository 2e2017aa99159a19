// config/quality_rules.yaml: data quality checks per table, in the vocabulary of SodaCL and dbt
// tests (row_count, missing, invalid, duplicate, freshness, reference, schema, sql). Each check
// is one list item keyed by its kind (`- missing: email`), with warn/fail thresholds beside it.
// docs/quality.md is the reference; src/quality/ compiles the checks to SQL.
import { z } from 'zod';

/** Tables checks can name, by schema, and the layer (`cpm quality --layer`) each belongs to. */
export const checkedSchemas = { raw: 'staging', staging: 'staging', golden: 'golden', dimensions: 'marts', marts: 'marts', metrics: 'marts' } as const;
export const qualityLayers = ['staging', 'golden', 'marts'] as const;
export type QualityLayer = (typeof qualityLayers)[number];

/** `> 5`, `>= 1%`, `= 0`, `< 100`, `> 2d` (durations for freshness: m, h or d). */
export const thresholdPattern = /^\s*(>=|<=|!=|=|>|<)\s*(\d+(?:\.\d+)?)\s*(%|m|h|d)?\s*$/;
const threshold = z
  .string()
  .regex(thresholdPattern, 'write a comparison and a number: "> 0", ">= 5%", "< 1000", or a duration for freshness such as "> 2d" (units m, h, d)')
  .describe('When the check is in this state: an operator (>, >=, <, <=, =, !=) and a number; % compares the share of the table\'s rows; m/h/d are durations (freshness only)');

const column = z.string().min(1).describe('A column of the table');

const common = {
  name: z.string().min(1).max(120).optional().describe('Name in reports and quality.check_results (default: the kind and column, e.g. "missing(email)")'),
  description: z.string().optional(),
  warn: threshold.optional(),
  fail: threshold.optional(),
};

/** Row-level rules on staging stream tables: failing rows go to quality.quarantine. */
const quarantine = z
  .boolean()
  .optional()
  .describe('Row-level rule (staging.<source>__<stream> tables only): rows that fail it go to quality.quarantine with the rule name instead of staging; thresholds then count the quarantined rows (default warn "> 0")');

export const namedFormats = ['email', 'us_phone', 'us_zip', 'us_state', 'uuid', 'iso_date', 'digits'] as const;
export type NamedFormat = (typeof namedFormats)[number];

/** A bound of a range: a number, an ISO date or timestamp, or `now` / `today` (UTC, when the check runs). */
export const boundSchema = z.union([
  z.number(),
  z
    .string()
    .regex(/^(now|today|\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?)$/, 'use a number, a date such as 2020-01-01, a timestamp such as "2020-01-01 00:00:00", now or today'),
]);
export type Bound = z.infer<typeof boundSchema>;

export const rowCountCheck = z.object({ row_count: z.union([z.null(), z.literal(true)]).describe('Number of rows (default: fail when "= 0")'), ...common }).strict();

export const missingCheck = z
  .object({
    missing: column.describe('Rows where this column is NULL or empty (default: fail when "> 0")'),
    ...common,
    quarantine,
  })
  .strict();

export const invalidCheck = z
  .object({
    invalid: column.describe('Rows whose value (when not NULL) breaks one of the rules below (default: fail when "> 0")'),
    ...common,
    quarantine,
    format: z.enum(namedFormats).optional().describe('A named format: email, us_phone (10 digits, optional +1), us_zip (12345 or 12345-6789), us_state (two capital letters), uuid, iso_date (YYYY-MM-DD), digits'),
    regex: z.string().min(1).optional().describe('The value must match this regular expression (searched, so anchor it with ^...$ for a whole-value match)'),
    values: z.array(z.union([z.string(), z.number()])).min(1).optional().describe('Allowed values'),
    min: boundSchema.optional().describe('Smallest valid value (inclusive)'),
    max: boundSchema.optional().describe('Largest valid value (inclusive)'),
    min_length: z.number().int().min(0).optional(),
    max_length: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const rules = ['format', 'regex', 'values', 'min', 'max', 'min_length', 'max_length'] as const;
    if (!rules.some((r) => c[r] !== undefined)) ctx.addIssue({ code: 'custom', message: `an invalid check needs at least one of ${rules.join(', ')}` });
  });

export const duplicateCheck = z
  .object({
    duplicate: z.union([column, z.array(column).min(1)]).describe('Rows beyond the first with the same value(s) of this column or these columns; NULLs are ignored (default: fail when "> 0")'),
    ...common,
  })
  .strict();

export const freshnessCheck = z
  .object({
    freshness: column.describe('Age of the newest value of this date or timestamp column, compared with durations: warn: "> 1d", fail: "> 7d"'),
    ...common,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.warn && !c.fail) ctx.addIssue({ code: 'custom', message: 'a freshness check needs warn: or fail: with a duration, e.g. fail: "> 2d"' });
  });

export const referenceCheck = z
  .object({
    reference: column.describe('Rows whose value (when not NULL) is missing from the referenced table (default: fail when "> 0")'),
    to: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, 'name the referenced table as schema.table').describe('The referenced table (schema.table)'),
    field: column.optional().describe('The referenced column (default: the same name)'),
    ...common,
  })
  .strict();

export const schemaColumnTypes = ['text', 'integer', 'bigint', 'decimal', 'double', 'boolean', 'date', 'timestamp'] as const;

export const schemaCheck = z
  .object({
    schema: z
      .object({
        required: z.array(column).default([]).describe('Columns that must exist (fail when one is missing)'),
        types: z.record(z.string(), z.enum(schemaColumnTypes)).default({}).describe('Expected type of columns (fail when different); integer and bigint, and decimal and double, are told apart'),
        drift: z.enum(['fail', 'warn', 'ignore']).default('warn').describe('Outcome when columns were added, removed or changed type since the last check'),
      })
      .strict(),
    name: common.name,
    description: common.description,
  })
  .strict();

export const sqlCheck = z
  .object({
    sql: z.string().min(1).describe('A SELECT returning the failing rows; {{ table }} is the checked table, {{ ref(\'schema.table\') }} another one (default: fail when "> 0")'),
    name: z.string().min(1).max(120).describe('Name of the check (required for sql checks)'),
    description: common.description,
    warn: common.warn,
    fail: common.fail,
  })
  .strict();

/** Each kind's schema, by the key that names the kind. */
export const checkKinds = {
  row_count: rowCountCheck,
  missing: missingCheck,
  invalid: invalidCheck,
  duplicate: duplicateCheck,
  freshness: freshnessCheck,
  reference: referenceCheck,
  schema: schemaCheck,
  sql: sqlCheck,
} as const;
export type CheckKind = keyof typeof checkKinds;
export type CheckConfig = { [K in CheckKind]: z.output<(typeof checkKinds)[K]> }[CheckKind];

export const notifySchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'use an http:// or https:// URL (put secrets in ${ENV_VAR} references)' }),
    on: z.enum(['fail', 'warn']).default('fail').describe('fail: POST when a check fails; warn: also when one only warns'),
    retries: z.number().int().min(0).max(10).default(3).describe('Retries after the first attempt, with exponential backoff'),
    backoff_ms: z.number().int().min(1).max(60_000).default(500).describe('Delay before the first retry; doubled each time'),
    timeout_ms: z.number().int().min(100).max(120_000).default(5_000).describe('Time limit of one attempt'),
  })
  .strict();
export type NotifyConfig = z.output<typeof notifySchema>;

const tableNameMessage = `name a table as schema.table, the schema one of ${Object.keys(checkedSchemas).join(', ')}`;
const tableName = z.string().regex(new RegExp(`^(${Object.keys(checkedSchemas).join('|')})\\.[a-z_][a-z0-9_]*$`), tableNameMessage);

function fileSchema<C extends z.ZodType>(check: C) {
  return z
    .object({
      version: z.literal(1).default(1),
      block_publish: z.boolean().default(true).describe('In `cpm run`, a failing staging check stops resolve, marts and metrics, so the golden tables keep their last good state'),
      notify: notifySchema.optional().describe('HTTP POST of a JSON summary when checks fail (or warn)'),
      tables: z
        .record(tableName, z.array(check), { error: (issue) => (issue.code === 'invalid_key' ? `"${String(issue.input)}": ${tableNameMessage}` : undefined) })
        .default({})
        .describe('Checks per table: schema.table -> list of checks'),
    })
    .strict();
}

/**
 * The loader dispatches on the kind key itself, so an error inside a check is reported at its
 * own line with that kind's message (a plain union would only say "invalid input").
 */
const checkLoader = z.unknown().transform((value, ctx): CheckConfig => {
  const kinds = Object.keys(checkKinds);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `a check is a mapping keyed by its kind, e.g. \`- missing: email\`; kinds: ${kinds.join(', ')}` });
    return z.NEVER;
  }
  const present = Object.keys(value).filter((k) => kinds.includes(k));
  if (present.length !== 1) {
    const message = present.length ? `a check has one kind, this one has ${present.join(' and ')}: split it into two checks` : `a check needs one of ${kinds.join(', ')} (e.g. \`- missing: email\`)`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  const kind = present[0] as CheckKind;
  const parsed = checkKinds[kind].safeParse(value);
  if (parsed.success) return parsed.data as CheckConfig;
  for (const issue of parsed.error.issues) {
    const message = issue.code === 'unrecognized_keys' ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}; ${kind} checks take ${Object.keys(checkKinds[kind].shape).join(', ')}` : issue.message;
    ctx.addIssue({ code: 'custom', message, path: issue.path });
  }
  return z.NEVER;
});

/** What the project loader validates with (precise errors per check). */
export const qualityFileSchema = fileSchema(checkLoader);
/** The same file for editors (JSON Schema): every kind as one alternative. */
export const qualityFileJsonSchema = fileSchema(z.union(Object.values(checkKinds)));
export type QualityFile = z.output<typeof qualityFileSchema>;
