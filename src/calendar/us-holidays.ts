// US federal holidays (5 U.S.C. 6103) with the days they are observed on when they fall on a
// weekend: Saturday -> the Friday before, Sunday -> the Monday after (Executive Order 11582;
// https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/). Only the five holidays
// with a fixed date can fall on a weekend; the others are always a Monday or a Thursday.
import { addDays, isoDay, nthWeekday, weekdayOf } from './days.js';

export interface Holiday {
  date: string;
  name: string;
  /** The weekday a weekend holiday is observed on, not the holiday itself. */
  observed: boolean;
}

interface Rule {
  name: string;
  /** First year the holiday existed under this rule. */
  since: number;
  date(year: number): string;
}

const fixed = (name: string, month: number, day: number, since = 1900): Rule & { fixed: true } => ({ name, since, fixed: true, date: (y) => isoDay(y, month, day) });
const floating = (name: string, month: number, weekday: 'monday' | 'thursday', nth: number, since: number): Rule => ({
  name,
  since,
  date: (y) => nthWeekday(y, month, weekday, nth)!,
});

// The Monday holidays date from the Uniform Monday Holiday Act (in force 1971); earlier years
// are not modelled.
const rules: (Rule & { fixed?: true })[] = [
  fixed("New Year's Day", 1, 1),
  floating('Martin Luther King Jr. Day', 1, 'monday', 3, 1986),
  floating("Washington's Birthday", 2, 'monday', 3, 1971),
  floating('Memorial Day', 5, 'monday', -1, 1971),
  fixed('Juneteenth National Independence Day', 6, 19, 2021),
  fixed('Independence Day', 7, 4),
  floating('Labor Day', 9, 'monday', 1, 1894),
  floating('Columbus Day', 10, 'monday', 2, 1971),
  fixed('Veterans Day', 11, 11, 1978),
  floating('Thanksgiving Day', 11, 'thursday', 4, 1942),
  fixed('Christmas Day', 12, 25),
];

/** The holidays of one calendar year and their observed days. A New Year's Day on a Saturday is
 * observed on December 31 of the year before, so that day is listed under the year it falls in. */
export function usFederalHolidays(year: number): Holiday[] {
  const out: Holiday[] = [];
  for (const y of [year, year + 1]) {
    for (const rule of rules) {
      if (y < rule.since) continue;
      const date = rule.date(y);
      if (y === year) out.push({ date, name: rule.name, observed: false });
      const dow = weekdayOf(date);
      if (rule.fixed && (dow === 6 || dow === 0)) {
        const observed = addDays(date, dow === 6 ? -1 : 1);
        if (Number(observed.slice(0, 4)) === year) out.push({ date: observed, name: `${rule.name} (observed)`, observed: true });
      }
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
