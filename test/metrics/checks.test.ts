// Expectations, drift between runs and series dates: the checks around the numbers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/cpm-error.js';
import { diffResults, parseThreshold, readResultsFile } from '../../src/metrics/diff.js';
import type { Metric } from '../../src/metrics/dictionary.js';
import { checkExpectations } from '../../src/metrics/expectations.js';
import type { MetricResult } from '../../src/metrics/metric-values.js';
import { periodEnds, previousPeriod } from '../../src/metrics/periods.js';
import { tempDir } from '../support/project.js';

const result = (value: number | null, dimensions: MetricResult['dimensions'] = {}, as_of_date = '2026-06-30'): MetricResult => ({ metric: 'm', value, as_of_date, definition_version: '1.0.0', dimensions });
const metricWith = (expectations: NonNullable<Metric['definition']['expectations']>) => ({ name: 'm', definition: { expectations } }) as unknown as Metric;

describe('expectations', () => {
  it('checks bounds, the move since the previous period and additive breakdowns', () => {
    const m = metricWith({ min: 0, max: 1, additive: true, max_change: { percent: 10, period: 'month' } });
    assert.deepEqual(checkExpectations(m, result(0.5, { by_x: { a: 0.2, b: 0.3 } }), result(0.48)), []);
    const failures = checkExpectations(m, result(1.5, { by_x: { a: 1, b: 0.2 } }), result(1.0, {}, '2026-05-31'));
    assert.deepEqual(failures.map((f) => f.expectation), ['max', 'max_change', 'additive']);
    assert.match(failures[1]!.message, /moved 50\.0% since 2026-05-31/);
    assert.match(failures[2]!.message, /by_x breakdown sums to 1\.2, the total is 1\.5/);
    assert.deepEqual(checkExpectations(m, result(-1)).map((f) => f.expectation), ['min']);
    assert.deepEqual(checkExpectations(m, result(null)), [], 'no value, nothing to check');
  });
});

describe('metrics diff', () => {
  const before = [result(100, { by_x: { a: 60, b: 40 } }), { ...result(0.5), metric: 'rate' }];
  it('flags totals and slices that moved more than the threshold', () => {
    const after = [result(103, { by_x: { a: 70, b: 33 } }), { ...result(0.5), metric: 'rate' }];
    const changes = diffResults(before, after, parseThreshold('5%'));
    assert.deepEqual(changes.filter((c) => c.flagged).map((c) => c.slice), ['by_x=a', 'by_x=b']);
    assert.equal(changes.find((c) => c.slice === 'total' && c.metric === 'm')!.change_percent, 3);
    assert.deepEqual(diffResults(before, before, 0).filter((c) => c.flagged), []);
    const gone = diffResults(before, [], 5);
    assert.ok(gone.every((c) => c.flagged && c.after === null), 'a value that disappeared is flagged');
  });

  it('reads values saved as JSON and rejects anything else with the file named', () => {
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(before));
    assert.deepEqual(readResultsFile(file), before);
    writeFileSync(file, '{"metric": 3}');
    assert.throws(() => readResultsFile(file), (e: unknown) => e instanceof ConfigError && e.message.includes(`${file}: entry 0 is not a metric value`));
    assert.throws(() => parseThreshold('five'), /expected a percentage/);
  });
});

describe('series dates', () => {
  it('ends each period on its last day, weeks on Sunday, fiscal years on June 30, and caps the last at --to', () => {
    assert.deepEqual(periodEnds('2026-01-15', '2026-03-10', 'month', 7), ['2026-01-31', '2026-02-28', '2026-03-10']);
    assert.deepEqual(periodEnds('2025-11-01', '2026-06-30', 'quarter', 7), ['2025-12-31', '2026-03-31', '2026-06-30']);
    assert.deepEqual(periodEnds('2024-03-01', '2026-06-30', 'fiscal_year', 7), ['2024-06-30', '2025-06-30', '2026-06-30']);
    assert.deepEqual(periodEnds('2024-03-01', '2025-12-31', 'fiscal_year', 1), ['2024-12-31', '2025-12-31']);
    assert.deepEqual(periodEnds('2026-06-24', '2026-07-08', 'week', 7), ['2026-06-28', '2026-07-05', '2026-07-08']);
    assert.deepEqual(periodEnds('2026-06-29', '2026-07-01', 'day', 7), ['2026-06-29', '2026-06-30', '2026-07-01']);
    assert.throws(() => periodEnds('2026-07-01', '2026-06-01', 'month', 7), /is after --to/);
    assert.throws(() => periodEnds('2026-02-30', '2026-06-01', 'month', 7), /not a date/);
  });

  it('steps back one period keeping month ends', () => {
    assert.equal(previousPeriod('2026-03-31', 'month'), '2026-02-28');
    assert.equal(previousPeriod('2024-03-31', 'month'), '2024-02-29');
    assert.equal(previousPeriod('2026-06-30', 'year'), '2025-06-30');
    assert.equal(previousPeriod('2026-06-30', 'week'), '2026-06-23');
  });
});
