// As-of dates of a series: the last day of each period between two dates (the last one capped
// at `to`), so each point is the value as it stood when the period closed.
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'fiscal_year';
export const grains: Grain[] = ['day', 'week', 'month', 'quarter', 'fiscal_year'];

const day = 86_400_000;

function parseIsoDate(text: string, what: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new Error(`${what}: "${text}" is not a date; use YYYY-MM-DD`);
  }
  return date;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** First day of the month `months` after the month of `d`. */
function monthStart(d: Date, months = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
}

/** The last day of the period that contains `d`. Weeks run Monday to Sunday (ISO 8601). */
function periodEnd(d: Date, grain: Grain, fiscalYearStartMonth: number): Date {
  switch (grain) {
    case 'day':
      return d;
    case 'week':
      return new Date(d.getTime() + ((7 - d.getUTCDay()) % 7) * day);
    case 'month':
      return new Date(monthStart(d, 1).getTime() - day);
    case 'quarter':
      return new Date(monthStart(d, 3 - (d.getUTCMonth() % 3)).getTime() - day);
    case 'fiscal_year': {
      const monthsIntoYear = (d.getUTCMonth() - (fiscalYearStartMonth - 1) + 12) % 12;
      return new Date(monthStart(d, 12 - monthsIntoYear).getTime() - day);
    }
  }
}

export function periodEnds(from: string, to: string, grain: Grain, fiscalYearStartMonth: number): string[] {
  const start = parseIsoDate(from, '--from');
  const end = parseIsoDate(to, '--to');
  if (start > end) throw new Error(`--from ${from} is after --to ${to}`);
  const dates: string[] = [];
  for (let d = periodEnd(start, grain, fiscalYearStartMonth); ; d = periodEnd(new Date(d.getTime() + day), grain, fiscalYearStartMonth)) {
    if (d >= end) {
      dates.push(isoDate(end));
      return dates;
    }
    dates.push(isoDate(d));
    if (dates.length > 10_000) throw new Error(`more than 10,000 ${grain}s between ${from} and ${to}; choose a coarser --grain`);
  }
}

/** The same date one period earlier (month ends stay month ends: 03-31 -> 02-28/29). */
export function previousPeriod(date: string, period: 'day' | 'week' | 'month' | 'quarter' | 'year'): string {
  const d = parseIsoDate(date, 'as-of date');
  if (period === 'day') return isoDate(new Date(d.getTime() - day));
  if (period === 'week') return isoDate(new Date(d.getTime() - 7 * day));
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  const target = monthStart(d, -months);
  const lastDay = new Date(monthStart(target, 1).getTime() - day).getUTCDate();
  return isoDate(new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay))));
}
