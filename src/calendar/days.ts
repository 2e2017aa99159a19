// Calendar days as ISO text ('YYYY-MM-DD'), computed in UTC so no time zone or daylight-saving
// change can move a date. Holidays, pledge drives and campaign windows are all built from these.

export const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof weekdays)[number];

const msPerDay = 86_400_000;

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

export function isoDay(year: number, month: number, day: number): string {
  return utc(year, month, day).toISOString().slice(0, 10);
}

/** True when the text is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && isoDay(Number(m[1]), Number(m[2]), Number(m[3])) === text;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * msPerDay).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(iso: string): number {
  return new Date(Date.parse(iso)).getUTCDay();
}

/**
 * The nth given weekday of a month (nth 1..5), or the last one (nth -1). Null when the month has
 * no fifth such weekday.
 */
export function nthWeekday(year: number, month: number, weekday: Weekday, nth: number): string | null {
  const target = weekdays.indexOf(weekday);
  if (nth === -1) {
    const last = addDays(isoDay(year, month + 1, 1), -1);
    return addDays(last, -((weekdayOf(last) - target + 7) % 7));
  }
  const first = isoDay(year, month, 1);
  const day = addDays(first, (target - weekdayOf(first) + 7) % 7 + 7 * (nth - 1));
  return Number(day.slice(5, 7)) === month ? day : null;
}
