// Lifecycle rules compiled to SQL and evaluated on every engine: the first rule that holds gives
// the stage, a missing value never matches (except is_null), and each operator means the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import { defaultLifecycle, lifecycleFields, lifecycleFileSchema, type LifecycleField } from '../../src/config/lifecycle-schema.js';
import type { LogicalType } from '../../src/dialect/dialect.js';
import { getDialect } from '../../src/dialect/registry.js';
import { conditionSql, lifecycleMacros } from '../../src/marts/lifecycle-sql.js';
import { literalTable, type Literal } from '../../src/pipeline/sql-values.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';

type Profile = Partial<Record<LifecycleField, Literal>> & { id: string };

/** People chosen so that each default rule, and its order, decides one of them. */
const people: Profile[] = [
  { id: 'bequest_sustainer', has_planned_gift: true, is_sustainer: true, giving_last_12_months: 5000, gave_last_12_months: true },
  { id: 'big_sustainer', is_sustainer: true, giving_last_12_months: 1200, gave_last_12_months: true },
  { id: 'small_sustainer', is_sustainer: true, giving_last_12_months: 120, gave_last_12_months: true },
  { id: 'one_time_member', is_sustainer: false, giving_last_12_months: 50, gave_last_12_months: true, days_since_last_gift: 40 },
  { id: 'lapsed', is_sustainer: false, giving_last_12_months: 0, gave_last_12_months: false, days_since_last_gift: 500, estimated_capacity: 'high' },
  { id: 'never_gave', is_sustainer: false, giving_last_12_months: 0, gave_last_12_months: false },
];

const sqlType: Record<string, LogicalType> = { boolean: 'boolean', number: 'decimal', text: 'text' };

async function stages(engine: (typeof engines)[number], file: z.input<typeof lifecycleFileSchema>): Promise<Record<string, string>> {
  const project = makeProject({ warehouse: await engine.freshWarehouse() });
  const parsed = lifecycleFileSchema.parse(file);
  return inRun(project, async ({ wh }) => {
    const d = wh.dialect;
    const fields = Object.keys(lifecycleFields) as LifecycleField[];
    const columns: [string, LogicalType][] = [['id', 'text'], ...fields.map((f): [string, LogicalType] => [f, sqlType[lifecycleFields[f].type]!])];
    const rows = people.map((p) => [p.id, ...fields.map((f) => p[f] ?? null)]);
    const macros = lifecycleMacros(d, parsed);
    const result = await wh.query(`SELECT p.id, ${macros.lifecycle_stage('p')} AS stage, ${macros.lifecycle_rule('p')} AS rule FROM ${literalTable(d, columns, rows, 'p')}`);
    return Object.fromEntries(result.map((r) => [String(r['id']), `${r['stage']} (${r['rule']})`]));
  });
}

for (const engine of engines) {
  describe(`lifecycle rules on ${engine.name}`, { skip: engine.skip }, () => {
    it('gives each person the stage of the first rule that holds', async () => {
      assert.deepEqual(await stages(engine, defaultLifecycle), {
        bequest_sustainer: 'legacy (planned_gift)',
        big_sustainer: 'major_donor (major_giving)',
        small_sustainer: 'sustainer (active_sustainer)',
        one_time_member: 'member (active_member)',
        lapsed: 'prospect (default)',
        never_gave: 'prospect (default)',
      });
    });

    it('follows the order of the file: sustainers first makes the big sustainer a sustainer', async () => {
      const rules = defaultLifecycle.rules!;
      const reordered = { ...defaultLifecycle, rules: [rules[2]!, rules[0]!, rules[1]!, rules[3]!] };
      const got = await stages(engine, reordered);
      assert.equal(got['big_sustainer'], 'sustainer (active_sustainer)');
      assert.equal(got['bequest_sustainer'], 'sustainer (active_sustainer)');
    });

    it('treats a missing value as no match, and means the same by every operator', async () => {
      const got = await stages(engine, {
        rules: [
          { name: 'recent', stage: 'member', when: { all: [{ field: 'days_since_last_gift', op: 'lte', value: 365 }] } },
          { name: 'cultivate', stage: 'major_donor', when: { all: [{ field: 'estimated_capacity', op: 'in', value: ['high', 'major'] }] } },
          { name: 'never', stage: 'prospect', when: { all: [{ field: 'days_since_last_gift', op: 'is_null' }, { field: 'is_sustainer', op: 'ne', value: true }] } },
          { name: 'rest', stage: 'legacy', when: { any: [{ field: 'giving_last_12_months', op: 'gt', value: 1000 }, { field: 'estimated_capacity', op: 'not_in', value: ['low'] }] } },
        ],
        default_stage: 'sustainer',
      });
      assert.deepEqual(got, {
        bequest_sustainer: 'legacy (rest)',
        big_sustainer: 'legacy (rest)',
        small_sustainer: 'sustainer (default)',
        one_time_member: 'member (recent)',
        lapsed: 'major_donor (cultivate)',
        never_gave: 'prospect (never)',
      });
    });
  });
}

describe('lifecycle conditions as SQL', () => {
  it('quotes the field and writes typed literals', () => {
    const d = getDialect('postgres');
    assert.equal(conditionSql(d, { field: 'estimated_capacity', op: 'in', value: ["o'brien", 'major'] }, 'p'), `p."estimated_capacity" IN ('o''brien', 'major')`);
    assert.equal(conditionSql(d, { field: 'is_sustainer', op: 'eq', value: true }, 'p'), 'p."is_sustainer" = TRUE');
    assert.equal(conditionSql(d, { field: 'days_since_last_gift', op: 'is_not_null' }, 'p'), 'p."days_since_last_gift" IS NOT NULL');
  });
});
