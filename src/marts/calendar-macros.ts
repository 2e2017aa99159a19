// Template macros that bring calendar.yaml into SQL models (sql/dimensions/dim_date.sql and the
// marts): the day spine, date parts, fiscal periods, and the holidays and pledge drives as small
// literal tables. Holidays are computed here rather than in SQL: their rules (nth weekday,
// observed days) are easy to get right in code and to test, and hard to read in SQL.
import { pledgeDriveSpans, rangeYears } from '../calendar/annual-dates.js';
import { usFederalHolidays } from '../calendar/us-holidays.js';
import type { CalendarFile } from '../config/calendar-schema.js';
import type { DayPart, Dialect } from '../dialect/dialect.js';
import { literalTable } from '../pipeline/sql-values.js';

type Part = 'year' | 'quarter' | 'month' | 'day' | DayPart;

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function dateLiteral(d: Dialect, iso: string): string {
  return d.cast(d.stringLiteral(iso), 'date');
}

/** One row per holiday day of the date range (an observed day is a row of its own). */
export function holidayRows(calendar: CalendarFile): [date: string, name: string][] {
  if (calendar.holidays === 'none') return [];
  const { start, end } = calendar.date_range;
  const byDate = new Map<string, string>();
  for (const year of rangeYears(calendar)) {
    for (const h of usFederalHolidays(year)) {
      if (h.date < start || h.date > end) continue;
      byDate.set(h.date, byDate.has(h.date) ? `${byDate.get(h.date)} / ${h.name}` : h.name);
    }
  }
  return [...byDate].sort(([a], [b]) => a.localeCompare(b));
}

/** The fiscal year a month falls in, named by the calendar year in which it ends. */
export function fiscalYearSql(startMonth: number, year: string, month: string): string {
  return startMonth === 1 ? year : `(${year} + CASE WHEN ${month} >= ${startMonth} THEN 1 ELSE 0 END)`;
}

export function fiscalQuarterSql(startMonth: number, month: string): string {
  const quarterOf = (m: number) => Math.floor(((m - startMonth + 12) % 12) / 3) + 1;
  const whens = [1, 2, 3].map((q) => {
    const months = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => quarterOf(m) === q);
    return `WHEN ${month} IN (${months.join(', ')}) THEN ${q}`;
  });
  return `CASE ${whens.join(' ')} ELSE 4 END`;
}

export function calendarMacros(d: Dialect, calendar: CalendarFile) {
  const fyStart = calendar.fiscal_year_start_month;
  return {
    date_spine: (column: string) => d.dateSpine(dateLiteral(d, calendar.date_range.start), dateLiteral(d, calendar.date_range.end), column),
    date_part: (part: Part, expr: string) => (part === 'iso_day_of_week' || part === 'day_of_year' || part === 'iso_week' ? d.dayPart(part, expr) : d.datePart(part, expr)),
    day_name: (isoDow: string) => `CASE ${isoDow} ${dayNames.map((n, i) => `WHEN ${i + 1} THEN ${d.stringLiteral(n)}`).join(' ')} END`,
    month_name: (month: string) => `CASE ${month} ${monthNames.map((n, i) => `WHEN ${i + 1} THEN ${d.stringLiteral(n)}`).join(' ')} END`,
    fiscal_year: (year: string, month: string) => fiscalYearSql(fyStart, year, month),
    fiscal_quarter: (month: string) => fiscalQuarterSql(fyStart, month),
    holidays: (alias: string) =>
      literalTable(
        d,
        [
          ['holiday_date', 'date'],
          ['holiday_name', 'text'],
        ],
        holidayRows(calendar),
        alias,
      ),
    pledge_drives: (alias: string) =>
      literalTable(
        d,
        [
          ['drive_start', 'date'],
          ['drive_end', 'date'],
          ['drive_name', 'text'],
        ],
        pledgeDriveSpans(calendar).map((s) => [s.start, s.end, s.name]),
        alias,
      ),
  };
}
