// The calendar computed in code: federal holidays with their observed days, yearly day rules,
// pledge drive spans and campaign code patterns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOfRule, overlappingDrives, pledgeDriveSpans, windowIn } from '../../src/calendar/annual-dates.js';
import { nthWeekday } from '../../src/calendar/days.js';
import { usFederalHolidays } from '../../src/calendar/us-holidays.js';
import { calendarFileSchema } from '../../src/config/calendar-schema.js';
import { compilePattern } from '../../src/marts/campaign-macros.js';
import { fiscalQuarterSql, holidayRows } from '../../src/marts/calendar-macros.js';

describe('US federal holidays', () => {
  it('lists every 2026 holiday, with Independence Day (a Saturday) observed on Friday July 3', () => {
    assert.deepEqual(
      usFederalHolidays(2026).map((h) => `${h.date} ${h.name}`),
      [
        "2026-01-01 New Year's Day",
        '2026-01-19 Martin Luther King Jr. Day',
        "2026-02-16 Washington's Birthday",
        '2026-05-25 Memorial Day',
        '2026-06-19 Juneteenth National Independence Day',
        '2026-07-03 Independence Day (observed)',
        '2026-07-04 Independence Day',
        '2026-09-07 Labor Day',
        '2026-10-12 Columbus Day',
        '2026-11-11 Veterans Day',
        '2026-11-26 Thanksgiving Day',
        '2026-12-25 Christmas Day',
      ],
    );
  });

  it('moves a Sunday holiday to Monday and a Saturday New Year to December 31 of the year before', () => {
    const y2022 = usFederalHolidays(2022).map((h) => `${h.date} ${h.name}`);
    assert.ok(y2022.includes('2022-06-20 Juneteenth National Independence Day (observed)'), 'June 19, 2022 was a Sunday');
    assert.ok(y2022.includes('2022-12-26 Christmas Day (observed)'), 'Christmas 2022 was a Sunday');
    assert.ok(!y2022.some((h) => h.includes("New Year's Day (observed)")), 'the observed day of Saturday, January 1, 2022 is in 2021');
    assert.ok(usFederalHolidays(2021).some((h) => h.date === '2021-12-31' && h.observed));
    assert.ok(!usFederalHolidays(2020).some((h) => h.name.startsWith('Juneteenth')), 'Juneteenth is a federal holiday from 2021');
  });

  it('gives holiday rows only inside the date range, and none for holidays: none', () => {
    const calendar = calendarFileSchema.parse({ date_range: { start: '2026-07-01', end: '2026-12-31' } });
    assert.deepEqual(holidayRows(calendar)[0], ['2026-07-03', 'Independence Day (observed)']);
    assert.equal(holidayRows(calendar).length, 7);
    assert.deepEqual(holidayRows({ ...calendar, holidays: 'none' }), []);
  });
});

describe('yearly day rules', () => {
  it('finds nth and last weekdays', () => {
    assert.equal(nthWeekday(2026, 5, 'monday', -1), '2026-05-25');
    assert.equal(nthWeekday(2026, 11, 'thursday', 4), '2026-11-26');
    assert.equal(nthWeekday(2026, 2, 'monday', 5), null);
  });

  it('places Giving Tuesday after the fourth Thursday of November, even in December', () => {
    const givingTuesday = { month: 11, weekday: 'thursday' as const, nth: 4, offset_days: 5 };
    assert.equal(dayOfRule(givingTuesday, 2024), '2024-12-03');
    assert.equal(dayOfRule(givingTuesday, 2025), '2025-12-02');
    assert.equal(dayOfRule('03-10', 2026), '2026-03-10');
  });

  it('wraps a window that ends before it starts into the next year', () => {
    assert.deepEqual(windowIn({ start: '12-20', end: '01-05' }, 2025), { start: '2025-12-20', end: '2026-01-05' });
  });
});

describe('pledge drives', () => {
  const calendar = calendarFileSchema.parse({
    date_range: { start: '2025-01-01', end: '2026-12-31' },
    pledge_drives: [
      { name: 'Spring Drive {year}', every_year: { start: '03-10', end: '03-19' } },
      { name: 'Emergency Drive', start: '2026-03-19', end: '2026-03-21' },
    ],
  });

  it('expands recurring drives over the years of the range, named by year', () => {
    assert.deepEqual(
      pledgeDriveSpans(calendar).map((s) => `${s.name} ${s.start}..${s.end}`),
      ['Spring Drive 2025 2025-03-10..2025-03-19', 'Spring Drive 2026 2026-03-10..2026-03-19', 'Emergency Drive 2026-03-19..2026-03-21'],
    );
  });

  it('finds drives that share a day', () => {
    assert.deepEqual(
      overlappingDrives(pledgeDriveSpans(calendar)).map(([a, b]) => [a.name, b.name]),
      [['Spring Drive 2026', 'Emergency Drive']],
    );
  });
});

describe('campaign code patterns and fiscal quarters', () => {
  it('compiles placeholders to an anchored expression with the year and month groups', () => {
    assert.deepEqual(compilePattern('FD{year}SPR'), { regex: '^FD([0-9]{4})SPR$', yearGroup: 1 });
    assert.deepEqual(compilePattern('cmp-{year}{month}-*'), { regex: '^cmp-([0-9]{4})(0[1-9]|1[0-2])-.*$', yearGroup: 1, monthGroup: 2 });
  });

  it('numbers fiscal quarters from the fiscal start month', () => {
    assert.equal(fiscalQuarterSql(7, 'm'), 'CASE WHEN m IN (7, 8, 9) THEN 1 WHEN m IN (10, 11, 12) THEN 2 WHEN m IN (1, 2, 3) THEN 3 ELSE 4 END');
    assert.equal(fiscalQuarterSql(1, 'm'), 'CASE WHEN m IN (1, 2, 3) THEN 1 WHEN m IN (4, 5, 6) THEN 2 WHEN m IN (7, 8, 9) THEN 3 ELSE 4 END');
  });
});
