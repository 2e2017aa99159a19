// config/lifecycle.yaml: ordered rules that put every golden constituent in one lifecycle stage
// (blueprint 3.1). A rule is a list of conditions over a fixed vocabulary of fields that
// marts.constituent_profile computes as of the as-of date; values are literals checked against
// each field's type, so a rule compiles to SQL without any user-written SQL.
import { z } from 'zod';

export const lifecycleStages = ['prospect', 'member', 'sustainer', 'major_donor', 'legacy'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

type FieldType = 'boolean' | 'number' | 'text';

/** Columns of marts.constituent_profile a rule may test (sql/marts/constituent_profile.sql). */
export const lifecycleFields = {
  is_sustainer: { type: 'boolean', description: 'a recurring plan started on or before the as-of date and not cancelled by then' },
  recurring_amount: { type: 'number', description: 'monthly amount of the active plans (NULL without one)' },
  lifetime_giving: { type: 'number', description: 'posted donations up to the as-of date' },
  gift_count: { type: 'number', description: 'number of posted donations up to the as-of date' },
  largest_gift: { type: 'number', description: 'largest posted donation up to the as-of date' },
  giving_last_12_months: { type: 'number', description: 'posted donations in the 12 months up to the as-of date' },
  gave_last_12_months: { type: 'boolean', description: "a posted donation in the 12 months up to the as-of date (the dictionary's active_member)" },
  days_since_last_gift: { type: 'number', description: 'days from the last posted donation to the as-of date (NULL: never gave)' },
  has_planned_gift: { type: 'boolean', description: 'a posted gift marked as planned/legacy by signals.planned_gift' },
  is_newspaper_subscriber: { type: 'boolean', description: 'a subscription started on or before the as-of date and not ended by then' },
  estimated_capacity: { type: 'text', description: 'capacity band from the scoring models (low/medium/high/major; NULL until scored)' },
} as const satisfies Record<string, { type: FieldType; description: string }>;
export type LifecycleField = keyof typeof lifecycleFields;

export const comparisonOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'is_null', 'is_not_null'] as const;
export type ComparisonOp = (typeof comparisonOps)[number];

const scalar = z.union([z.number(), z.boolean(), z.string()]);

export const conditionSchema = z
  .object({
    field: z.enum(Object.keys(lifecycleFields) as [LifecycleField, ...LifecycleField[]]),
    op: z.enum(comparisonOps),
    value: z.union([scalar, z.array(scalar).min(1)]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem = valueProblem(lifecycleFields[c.field].type, c.op, c.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.field} ${c.op}: ${problem}` });
  });
export type Condition = z.infer<typeof conditionSchema>;

/** What is wrong with a condition's value for the field's type and the operator, if anything. */
function valueProblem(type: FieldType, op: ComparisonOp, value: unknown): string | undefined {
  const isType = (v: unknown) => (type === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === (type === 'text' ? 'string' : 'boolean'));
  if (op === 'is_null' || op === 'is_not_null') return value === undefined ? undefined : 'takes no value';
  if (value === undefined) return `needs a value (${type})`;
  if (op === 'in' || op === 'not_in') {
    if (type === 'boolean') return 'use eq with true or false';
    return Array.isArray(value) && value.every(isType) ? undefined : `needs a list of ${type} values`;
  }
  if (Array.isArray(value)) return `takes one value; use in for a list`;
  if ((op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') && type !== 'number') return `only numbers compare with ${op}; use ${type === 'boolean' ? 'eq with true or false' : 'eq, ne, in or not_in'}`;
  return isType(value) ? undefined : `needs a ${type} value, got ${JSON.stringify(value)}`;
}

export const lifecycleRuleSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case').optional().describe('Shown in marts.constituent_profile.lifecycle_rule (default: rule_N)'),
    stage: z.enum(lifecycleStages),
    description: z.string().optional(),
    when: z
      .object({
        all: z.array(conditionSchema).min(1).optional().describe('Every condition holds'),
        any: z.array(conditionSchema).min(1).optional().describe('At least one condition holds'),
      })
      .strict()
      .refine((w) => w.all || w.any, 'give all: [...] and/or any: [...] conditions'),
  })
  .strict();
export type LifecycleRule = z.infer<typeof lifecycleRuleSchema>;

export const lifecycleFileSchema = z
  .object({
    version: z.string().default('1.0.0'),
    signals: z
      .object({
        planned_gift: z
          .object({
            donation_types: z.array(z.string().min(1)).default(['planned', 'bequest', 'legacy']).describe('donation_type values of a planned (estate) gift'),
            campaign_codes: z.array(z.string().min(1)).default([]).describe('Campaign codes whose gifts are planned gifts'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    rules: z.array(lifecycleRuleSchema).describe('Tried in order; the first rule whose conditions hold gives the stage'),
    default_stage: z.enum(lifecycleStages).default('prospect').describe('The stage of a constituent no rule matches'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const names = f.rules.map((r, i) => r.name ?? `rule_${i + 1}`);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `rule name "${n}" is used twice` });
    });
  });

export type LifecycleFile = z.infer<typeof lifecycleFileSchema>;

/** The rules a project without config/lifecycle.yaml gets (the shipped file says the same). */
export const defaultLifecycle: z.input<typeof lifecycleFileSchema> = {
  rules: [
    { name: 'planned_gift', stage: 'legacy', when: { all: [{ field: 'has_planned_gift', op: 'eq', value: true }] } },
    { name: 'major_giving', stage: 'major_donor', when: { any: [{ field: 'giving_last_12_months', op: 'gte', value: 1000 }] } },
    { name: 'active_sustainer', stage: 'sustainer', when: { all: [{ field: 'is_sustainer', op: 'eq', value: true }] } },
    { name: 'active_member', stage: 'member', when: { all: [{ field: 'gave_last_12_months', op: 'eq', value: true }] } },
  ],
  default_stage: 'prospect',
};

export function ruleName(rule: LifecycleRule, index: number): string {
  return rule.name ?? `rule_${index + 1}`;
}
