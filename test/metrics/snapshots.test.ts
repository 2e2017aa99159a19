// The compiled SQL of representative metrics, pinned per dialect in test/fixtures/metrics-sql/:
// an entity count with breakdowns, a ratio, a fiscal-year count and a table-model sum. A change
// to the compiler shows up here as a reviewable diff. CPM_UPDATE_SNAPSHOTS=1 rewrites the files.
// Then every metric's SQL must parse with sqlglot's grammar of its engine.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dialectNames, getDialect } from '../../src/dialect/registry.js';
import { compileMetric } from '../../src/metrics/compile.js';
import { loadDictionary } from '../../src/metrics/dictionary.js';
import { packageRoot } from '../../src/project/init.js';
import { sqlglotMissing, sqlglotProblems } from '../support/sqlglot.js';

const dict = loadDictionary(join(packageRoot, 'config', 'metrics_definitions.yaml'), 7);
const dir = join(import.meta.dirname, '..', 'fixtures', 'metrics-sql');
const update = Boolean(process.env['CPM_UPDATE_SNAPSHOTS']);

describe('compiled metric SQL (snapshots)', () => {
  for (const dialect of dialectNames) {
    it(dialect, () => {
      for (const metric of ['active_member', 'sustainer_share', 'lybunt_donors', 'total_giving_12m']) {
        const sql = `${compileMetric(dict, metric, getDialect(dialect), { asOf: ['2025-06-30', '2026-06-30'], fiscalYearStartMonth: 7 })};\n`;
        const file = join(dir, dialect, `${metric}.sql`);
        if (update) {
          mkdirSync(join(dir, dialect), { recursive: true });
          writeFileSync(file, sql);
        }
        assert.ok(existsSync(file), `${file} is missing; run with CPM_UPDATE_SNAPSHOTS=1 and review it`);
        assert.equal(sql, readFileSync(file, 'utf8'), `${dialect} ${metric}: the SQL changed; if intended, rerun with CPM_UPDATE_SNAPSHOTS=1 and review the diff`);
      }
    });
  }
});

describe('compiled metric SQL parses with each engine\'s grammar (sqlglot)', { skip: sqlglotMissing() }, () => {
  it('every metric, as of one date and as a series, for every dialect', () => {
    const items = dialectNames.flatMap((dialect) =>
      [...dict.metrics.keys()].flatMap((metric) => [
        { name: metric, dialect, sql: compileMetric(dict, metric, getDialect(dialect), { asOf: ['2026-06-30'], fiscalYearStartMonth: 7 }) },
        { name: `${metric} (series)`, dialect, sql: compileMetric(dict, metric, getDialect(dialect), { asOf: ['2026-04-30', '2026-05-31', '2026-06-30'], fiscalYearStartMonth: 7 }) },
      ]),
    );
    assert.deepEqual(sqlglotProblems(items), []);
  });
});
