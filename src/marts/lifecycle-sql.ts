// Compiles lifecycle.yaml's ordered rules into CASE expressions over marts.constituent_profile.
// Only names from the field vocabulary and literals whose types the schema checked reach the SQL,
// each through the dialect (quoted identifier, typed literal), so a rule cannot inject SQL.
// A condition over a missing value (NULL) is false, except is_null: the constituent falls
// through to the next rule.
import type { Condition, LifecycleFile } from '../config/lifecycle-schema.js';
import { ruleName } from '../config/lifecycle-schema.js';
import type { Dialect } from '../dialect/dialect.js';

const comparison: Record<'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte', string> = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function conditionSql(d: Dialect, c: Condition, alias: string): string {
  const column = `${alias}.${d.quoteIdent(c.field)}`;
  const literal = (v: unknown) => d.literal(v as string | number | boolean);
  switch (c.op) {
    case 'is_null':
      return `${column} IS NULL`;
    case 'is_not_null':
      return `${column} IS NOT NULL`;
    case 'in':
    case 'not_in':
      return `${column} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${(c.value as unknown[]).map(literal).join(', ')})`;
    default:
      return `${column} ${comparison[c.op]} ${literal(c.value)}`;
  }
}

/** The rule's test: every `all` condition and at least one `any` condition. */
export function ruleSql(d: Dialect, when: LifecycleFile['rules'][number]['when'], alias: string): string {
  const parts: string[] = [];
  if (when.all) parts.push(...when.all.map((c) => `(${conditionSql(d, c, alias)})`));
  if (when.any) parts.push(`(${when.any.map((c) => `(${conditionSql(d, c, alias)})`).join(' OR ')})`);
  return parts.join(' AND ');
}

/** CASE giving, per row, the value of the first rule that holds (or the default's). */
function firstMatch(d: Dialect, file: LifecycleFile, alias: string, value: (i: number) => string, fallback: string): string {
  if (!file.rules.length) return fallback;
  const whens = file.rules.map((r, i) => `WHEN ${ruleSql(d, r.when, alias)} THEN ${value(i)}`);
  return `CASE\n    ${whens.join('\n    ')}\n    ELSE ${fallback} END`;
}

export function lifecycleMacros(d: Dialect, file: LifecycleFile) {
  const planned = file.signals.planned_gift;
  return {
    lifecycle_stage: (alias: string) => firstMatch(d, file, alias, (i) => d.stringLiteral(file.rules[i]!.stage), d.stringLiteral(file.default_stage)),
    lifecycle_rule: (alias: string) => firstMatch(d, file, alias, (i) => d.stringLiteral(ruleName(file.rules[i]!, i)), d.stringLiteral('default')),
    /** Whether a gift row (with donation_type and campaign_code) is a planned gift. */
    planned_gift: (alias: string) => {
      const tests = [
        planned.donation_types.length ? `${alias}.donation_type IN (${planned.donation_types.map((t) => d.stringLiteral(t)).join(', ')})` : '',
        planned.campaign_codes.length ? `${alias}.campaign_code IN (${planned.campaign_codes.map((t) => d.stringLiteral(t)).join(', ')})` : '',
      ].filter(Boolean);
      return tests.length ? `(${tests.join(' OR ')})` : 'FALSE';
    },
  };
}
