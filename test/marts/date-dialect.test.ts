// The dialect hooks dim_date needs (dayPart, dateSpine): pinned SQL per engine, the same days and
// numbers on every engine, and a clear error on a dialect that has not been taught them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BaseDialect, UnsupportedByDialectError } from '../../src/dialect/base-dialect.js';
import type { Dialect } from '../../src/dialect/dialect.js';
import { engines } from '../support/engines.js';
import { pinnedSqlTests } from '../support/pinned-sql.js';
import { inRun, makeProject } from '../support/project.js';

const day = (d: Dialect) => d.cast(d.stringLiteral('2027-01-01'), 'date');

describe('date hooks: pinned SQL', () => {
  pinnedSqlTests(
    {
      dow: (d) => d.dayPart('iso_day_of_week', 'x'),
      spine: (d) => d.dateSpine('a', 'b', 'full_date'),
    },
    {
      duckdb: {
        dow: 'CAST(EXTRACT(ISODOW FROM x) AS INTEGER)',
        spine: `SELECT CAST(g.d AS DATE) AS "full_date" FROM GENERATE_SERIES(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), INTERVAL '1 day') AS g(d)`,
      },
      postgres: {
        dow: 'CAST(EXTRACT(ISODOW FROM x) AS INTEGER)',
        spine: `SELECT CAST(g.d AS DATE) AS "full_date" FROM GENERATE_SERIES(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), INTERVAL '1 day') AS g(d)`,
      },
    },
  );

  it('a dialect without them names itself', () => {
    // Every registered dialect has them now; a bare one shows the error.
    class BareDialect extends BaseDialect {
      readonly name = 'bare';
    }
    for (const d of [new BareDialect()]) {
      assert.throws(() => d.dateSpine('a', 'b', 'c'), (e: unknown) => e instanceof UnsupportedByDialectError && e.message.includes(d.name));
      assert.throws(() => d.dayPart('iso_week', 'x'), (e: unknown) => e instanceof UnsupportedByDialectError && e.message.includes(d.name));
    }
  });
});

for (const engine of engines) {
  describe(`date hooks on ${engine.name}`, { skip: engine.skip }, () => {
    it('numbers a day the ISO way and spans every day of a range, ends included', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      const [parts, spine] = await inRun(project, async ({ wh }) => {
        const d = wh.dialect;
        const parts = await wh.query(
          `SELECT ${d.dayPart('iso_day_of_week', day(d))} AS dow, ${d.dayPart('day_of_year', day(d))} AS doy, ${d.dayPart('iso_week', day(d))} AS week`,
        );
        const spine = await wh.query(
          `SELECT COUNT(*) AS n, MIN(full_date) AS first, MAX(full_date) AS last FROM (${d.dateSpine(d.cast("'2024-02-27'", 'date'), d.cast("'2024-03-02'", 'date'), 'full_date')}) AS s`,
        );
        return [parts[0], spine[0]];
      });
      assert.deepEqual(parts, { dow: 5, doy: 1, week: 53 }, 'Friday, January 1, 2027 is in ISO week 53 of 2026');
      assert.deepEqual(spine, { n: 5, first: '2024-02-27', last: '2024-03-02' }, 'a leap day included');
    });
  });
}
