// The checks' SQL for every engine: column checks of a table share one scan, and every statement
// (the scans, the separate queries, the staging SQL with row-level rules) parses with sqlglot's
// grammar of its engine, including Databricks and Snowflake this machine may not run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProject } from '../../src/config/project.js';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import type { LogicalType } from '../../src/dialect/dialect.js';
import { dialectNames, getDialect } from '../../src/dialect/registry.js';
import { modelCatalog } from '../../src/pipeline/model-catalog.js';
import { checkSpecs } from '../../src/quality/check-specs.js';
import { aggregateSql, compileTable } from '../../src/quality/compile.js';
import { streamTables } from '../../src/quality/config-check.js';
import { makeProject } from '../support/project.js';
import { sqlglotMissing, sqlglotProblems } from '../support/sqlglot.js';

const project = loadProject(makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }) }).root);
const specs = checkSpecs(project.quality!);
const clock = { now: '2026-07-01 12:00:00' };
const known = streamTables(project.sources);

/** Column types as the catalog would give them: the mapping's for streams, text elsewhere. */
function columnsOf(table: string): Map<string, LogicalType | undefined> {
  const stream = known.get(table);
  if (stream) return new Map([...stream.columns].map(([c, t]) => [c, t as LogicalType]));
  const named = specs.filter((s) => s.table === table).flatMap((s) => (s.column ? s.column.split(', ') : []));
  return new Map(named.map((c) => [c, c === 'amount' || c === 'match_confidence' ? 'decimal' : 'text']));
}

const tables = [...new Set(specs.map((s) => s.table))];

describe('compiled quality checks', () => {
  it('one scan per table for its column checks; one query more per reference, multi-column duplicate and sql check', () => {
    const d = getDialect('duckdb');
    for (const table of tables) {
      const checks = specs.filter((s) => s.table === table);
      const plan = compileTable(d, table, checks, columnsOf(table), clock);
      const own = checks.filter((s) => s.kind === 'reference' || s.kind === 'sql' || (s.kind === 'duplicate' && s.column!.includes(','))).length;
      assert.equal(plan.separate.length, own, table);
      assert.equal(plan.measures.length + plan.separate.length + checks.filter((s) => s.quarantine || s.kind === 'schema' || s.kind === 'row_count').length, checks.length, table);
      assert.equal(plan.broken.size, 0);
    }
    const gifts = compileTable(d, 'staging.wbez_donations__gifts', specs.filter((s) => s.table === 'staging.wbez_donations__gifts'), columnsOf('staging.wbez_donations__gifts'), clock);
    assert.equal(
      aggregateSql(gifts),
      `SELECT COUNT(*) AS total_rows, SUM(CASE WHEN "donor_id" IS NULL OR TRIM("donor_id") = '' THEN 1 ELSE 0 END) AS m0, ` +
        `SUM(CASE WHEN "status" IS NULL OR (("status" IN ('posted', 'declined', 'refunded'))) THEN 0 ELSE 1 END) AS m1, ` +
        `SUM(CASE WHEN "gift_type" IS NULL OR (("gift_type" IN ('one_time', 'recurring'))) THEN 0 ELSE 1 END) AS m2 FROM "staging"."wbez_donations__gifts"`,
    );
    assert.equal(
      gifts.quarantined?.sql,
      `SELECT SUM(CASE WHEN reason LIKE '%quality rule gift!_amount!_not!_negative:%' ESCAPE '!' THEN 1 ELSE 0 END) AS q0, ` +
        `SUM(CASE WHEN reason LIKE '%quality rule gift!_date!_not!_in!_future:%' ESCAPE '!' THEN 1 ELSE 0 END) AS q1 ` +
        `FROM "quality"."quarantine" WHERE layer = 'staging' AND source = 'wbez_donations' AND stream = 'gifts'`,
    );
  });

  it('parses with every engine\'s grammar (sqlglot)', { skip: sqlglotMissing() }, () => {
    const items = dialectNames.flatMap((name) => {
      const d = getDialect(name);
      const dialect = name === 'databricks' ? 'databricks' : name;
      const plans = tables.map((t) => compileTable(d, t, specs.filter((s) => s.table === t), columnsOf(t), clock));
      const staging = modelCatalog(project, d).filter((m) => m.prepare);
      return [
        ...plans.flatMap((p) => [
          { name: `${p.table} scan`, dialect, sql: aggregateSql(p) },
          ...p.separate.map((s) => ({ name: `${p.table} ${s.check.name}`, dialect, sql: s.sql })),
          ...(p.quarantined ? [{ name: `${p.table} quarantined`, dialect, sql: p.quarantined.sql }] : []),
        ]),
        ...staging.map((m) => ({ name: `${m.name} staging with row rules`, dialect, sql: m.prepare!.select({ after: 0, upTo: 9 }) })),
        { name: 'describe', dialect, sql: d.describeColumns('staging', 'wbez_donations__gifts') },
      ];
    });
    assert.deepEqual(sqlglotProblems(items), []);
  });
});
