// The macros the dimension and mart models use, on top of the dialect macros every model has.
// The as-of date is rendered as a literal, so one build describes one point in time and a past
// date rebuilds the marts as they were (from event history, not today's snapshot columns).
import type { Project } from '../config/project.js';
import type { Dialect } from '../dialect/dialect.js';
import { calendarMacros, dateLiteral } from './calendar-macros.js';
import { campaignMacros } from './campaign-macros.js';
import { lifecycleMacros } from './lifecycle-sql.js';

/**
 * @param asOf the build's as-of date; without one (a catalog listed only for its graph, as
 * `cpm stage` does) the as-of is the project's `as_of`, else today.
 */
export function martMacros(d: Dialect, project: Project, asOf?: string) {
  const when = asOf ?? project.config.as_of;
  return {
    as_of: () => (when ? dateLiteral(d, when) : 'CURRENT_DATE'),
    /** a / b as a DOUBLE, NULL when b is 0: the same IEEE result on every engine. */
    ratio: (a: string, b: string) => `${d.cast(a, 'double')} / NULLIF(${d.cast(b, 'double')}, 0)`,
    ...calendarMacros(d, project.calendar),
    ...campaignMacros(d, project.calendar),
    ...lifecycleMacros(d, project.lifecycle),
  };
}
