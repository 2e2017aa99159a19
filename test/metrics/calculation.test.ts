// The calculation language: what parses, what is rejected (with the line), and the SQL each
// dialect gets for the same calculation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDialect } from '../../src/dialect/registry.js';
import { CalculationError, parseCalculation } from '../../src/metrics/calculation/parse.js';
import { renderCalculation } from '../../src/metrics/calculation/render.js';
import { pinnedSqlTests } from '../support/pinned-sql.js';

function rejects(text: string, message: RegExp, line = 1) {
  assert.throws(
    () => parseCalculation(text),
    (e: unknown) => e instanceof CalculationError && message.test(e.message) && e.line === line,
    `${JSON.stringify(text)} should be rejected with ${message} at line ${line}`,
  );
}

describe('parsing calculations', () => {
  it('reads the blueprint calculation as an aggregate and a WHERE', () => {
    const calc = parseCalculation('COUNT(DISTINCT constituent_id)\nWHERE last_donation_date >= DATE_ADD(CURRENT_DATE, INTERVAL -12 MONTH)');
    assert.deepEqual(calc.select, { kind: 'aggregate', name: 'COUNT', distinct: true, arg: { kind: 'column', name: 'constituent_id', line: 1 }, line: 1 });
    assert.equal(calc.where?.kind, 'binary');
    const right = calc.where?.kind === 'binary' ? calc.where.right : undefined;
    assert.deepEqual(right && { ...right, expr: undefined }, { kind: 'date_add', expr: undefined, amount: -12, unit: 'month', line: 2 });
  });

  it('reads DATE_SUB, DATEDIFF, DATE_TRUNC, fiscal helpers, CASE, IN, BETWEEN, IS NULL and escaped quotes', () => {
    const calc = parseCalculation(
      "SUM(CASE WHEN donation_type IN ('one_time', 'it''s') THEN amount ELSE 0 END) / NULLIF(COUNT(*), 0) WHERE event_date BETWEEN DATE_SUB(CURRENT_DATE, INTERVAL 1 YEAR) AND CURRENT_DATE AND DATEDIFF(day, event_date, CURRENT_DATE) < 30 AND DATE_TRUNC('month', event_date) >= FISCAL_YEAR_START(CURRENT_DATE) AND campaign_code IS NOT NULL AND NOT (event_status = 'refunded')",
    );
    const text = JSON.stringify(calc);
    for (const kind of ['case', 'in', 'between', 'date_diff', 'date_trunc', 'is_null', 'not']) assert.ok(text.includes(`"kind":"${kind}"`), kind);
    assert.ok(text.includes(`"value":"it's"`), 'a doubled quote is one quote');
    assert.ok(text.includes('"amount":-1'), 'DATE_SUB subtracts');
  });

  it('rejects what would not mean the same on every engine, naming the line', () => {
    rejects('COUNT(*) FROM golden.constituents', /FROM is not part of a calculation/);
    rejects('COUNT(*)\nWHERE x IN (SELECT y FROM t)', /a subquery is not supported/, 2);
    rejects('COUNT(*)\nWHERE x = 1\nGROUP BY y', /GROUP BY is not part/);
    rejects('COUNT(*) OVER (PARTITION BY x)', /window functions are not supported/);
    rejects('COUNT(*)\nWHERE SOUNDEX(x) = 1', /the function SOUNDEX is not supported/, 2);
    rejects('MEDIAN(amount)', /the function MEDIAN is not supported/);
    rejects('COUNT(*) WHERE t.x = 1', /without a table/);
    rejects('COUNT(*) WHERE x = "a"', /single quotes/);
    rejects('COUNT(*) WHERE COUNT(*) > 1', /aggregates cannot appear in WHERE/);
    rejects('SUM(MAX(amount))', /aggregates cannot nest/);
    rejects('amount + 1', /needs an aggregate/);
    rejects('COUNT(*); DROP TABLE x', /one calculation/);
    rejects('COUNT(*)\nWHERE x = (', /cannot parse/, 2);
    rejects("COUNT(*) WHERE DATE_ADD(CURRENT_DATE, 3) > x", /INTERVAL n UNIT/);
    rejects("COUNT(*) WHERE DATE_TRUNC('fortnight', x) > x", /not a date unit/);
    rejects("COUNT(*) WHERE x = 'a\\'b'", /backslashes/);
    rejects('COUNT(*) WHERE a || b', /operator/);
    assert.doesNotThrow(() => parseCalculation('active_member - new_donors', 'forbidden'));
    assert.throws(() => parseCalculation('COUNT(*) - 1', 'forbidden'), /aggregates belong in base metrics/);
  });
});

const blueprint = parseCalculation("COUNT(DISTINCT constituent_id)\nWHERE last_donation_date >= DATE_ADD(CURRENT_DATE, INTERVAL -12 MONTH) AND donation_type <> 'it''s'");
const fiscal = parseCalculation('SUM(amount) / COUNT(*) WHERE FISCAL_YEAR(event_date) = FISCAL_YEAR(CURRENT_DATE) AND DATEDIFF(month, event_date, CURRENT_DATE) < 3');
const renderFor = (calc: typeof blueprint) => (d: ReturnType<typeof getDialect>) =>
  renderCalculation(calc, { dialect: d, currentDate: 'a.as_of_date', column: (c) => `r.${d.quoteIdent(c)}`, fiscalYearStartMonth: 7 });

describe('rendering per dialect (pinned)', () => {
  pinnedSqlTests(
    { blueprint: renderFor(blueprint), fiscal: renderFor(fiscal) },
    {
      duckdb: {
        blueprint: `COUNT(DISTINCT CASE WHEN ((r."last_donation_date" >= CAST((a.as_of_date + INTERVAL (-12) MONTH) AS DATE)) AND (r."donation_type" <> 'it''s')) THEN r."constituent_id" END)`,
        fiscal: `(CAST(SUM(CASE WHEN ((CAST(EXTRACT(YEAR FROM (r."event_date" + INTERVAL (6) MONTH)) AS INTEGER) = CAST(EXTRACT(YEAR FROM (a.as_of_date + INTERVAL (6) MONTH)) AS INTEGER)) AND (DATE_DIFF('month', r."event_date", a.as_of_date) < 3)) THEN r."amount" END) AS DOUBLE PRECISION) / NULLIF(COUNT(CASE WHEN ((CAST(EXTRACT(YEAR FROM (r."event_date" + INTERVAL (6) MONTH)) AS INTEGER) = CAST(EXTRACT(YEAR FROM (a.as_of_date + INTERVAL (6) MONTH)) AS INTEGER)) AND (DATE_DIFF('month', r."event_date", a.as_of_date) < 3)) THEN 1 END), 0))`,
      },
      postgres: {
        blueprint: `COUNT(DISTINCT CASE WHEN ((r."last_donation_date" >= CAST((a.as_of_date + (-12) * INTERVAL '1 month') AS DATE)) AND (r."donation_type" <> 'it''s')) THEN r."constituent_id" END)`,
        fiscal: `(CAST(SUM(CASE WHEN ((CAST(EXTRACT(YEAR FROM (r."event_date" + (6) * INTERVAL '1 month')) AS INTEGER) = CAST(EXTRACT(YEAR FROM (a.as_of_date + (6) * INTERVAL '1 month')) AS INTEGER)) AND (cpm_date_diff('month', CAST(r."event_date" AS TIMESTAMP), CAST(a.as_of_date AS TIMESTAMP)) < 3)) THEN r."amount" END) AS DOUBLE PRECISION) / NULLIF(COUNT(CASE WHEN ((CAST(EXTRACT(YEAR FROM (r."event_date" + (6) * INTERVAL '1 month')) AS INTEGER) = CAST(EXTRACT(YEAR FROM (a.as_of_date + (6) * INTERVAL '1 month')) AS INTEGER)) AND (cpm_date_diff('month', CAST(r."event_date" AS TIMESTAMP), CAST(a.as_of_date AS TIMESTAMP)) < 3)) THEN 1 END), 0))`,
      },
      snowflake: {
        blueprint: `COUNT(DISTINCT CASE WHEN ((r."last_donation_date" >= CAST(DATEADD(month, -12, a.as_of_date) AS DATE)) AND (r."donation_type" <> 'it''s')) THEN r."constituent_id" END)`,
        fiscal: `(CAST(SUM(CASE WHEN ((CAST(EXTRACT(YEAR FROM DATEADD(month, 6, r."event_date")) AS INTEGER) = CAST(EXTRACT(YEAR FROM DATEADD(month, 6, a.as_of_date)) AS INTEGER)) AND (DATEDIFF(month, r."event_date", a.as_of_date) < 3)) THEN r."amount" END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN ((CAST(EXTRACT(YEAR FROM DATEADD(month, 6, r."event_date")) AS INTEGER) = CAST(EXTRACT(YEAR FROM DATEADD(month, 6, a.as_of_date)) AS INTEGER)) AND (DATEDIFF(month, r."event_date", a.as_of_date) < 3)) THEN 1 END), 0))`,
      },
      databricks: {
        blueprint: "COUNT(DISTINCT CASE WHEN ((r.`last_donation_date` >= CAST(ADD_MONTHS(a.as_of_date, -12) AS DATE)) AND (r.`donation_type` <> 'it\\'s')) THEN r.`constituent_id` END)",
        fiscal: "(CAST(SUM(CASE WHEN ((CAST(EXTRACT(YEAR FROM ADD_MONTHS(r.`event_date`, 6)) AS INTEGER) = CAST(EXTRACT(YEAR FROM ADD_MONTHS(a.as_of_date, 6)) AS INTEGER)) AND (((YEAR(a.as_of_date) - YEAR(r.`event_date`)) * 12 + MONTH(a.as_of_date) - MONTH(r.`event_date`)) < 3)) THEN r.`amount` END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN ((CAST(EXTRACT(YEAR FROM ADD_MONTHS(r.`event_date`, 6)) AS INTEGER) = CAST(EXTRACT(YEAR FROM ADD_MONTHS(a.as_of_date, 6)) AS INTEGER)) AND (((YEAR(a.as_of_date) - YEAR(r.`event_date`)) * 12 + MONTH(a.as_of_date) - MONTH(r.`event_date`)) < 3)) THEN 1 END), 0))",
      },
    },
  );
});
