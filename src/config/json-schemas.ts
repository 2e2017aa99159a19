// JSON Schemas of the YAML files, generated from the zod schemas (the one source of truth), so
// editors with the YAML language server complete and check config as it is typed.
import { z } from 'zod';
import { calendarFileSchema } from './calendar-schema.js';
import { identityFileSchema } from './identity-schema.js';
import { lifecycleFileSchema } from './lifecycle-schema.js';
import { metricsFileSchema } from './metrics-schema.js';
import { projectFileSchema } from './project-schema.js';
import { qualityFileJsonSchema } from './quality-schema.js';
import { sourcesFileSchema } from './sources-schema.js';

export const configSchemas: Record<string, z.ZodType> = {
  cpm: projectFileSchema,
  sources: sourcesFileSchema,
  identity: identityFileSchema,
  calendar: calendarFileSchema,
  lifecycle: lifecycleFileSchema,
  metrics_definitions: metricsFileSchema,
  quality_rules: qualityFileJsonSchema,
};

export function jsonSchema(name: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...json, title: `cpm-unify ${name}.yaml` }, null, 2)}\n`;
}
