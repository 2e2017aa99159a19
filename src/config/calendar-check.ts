// Cross-field checks of calendar.yaml that a schema cannot express: pledge drives must not share a
// day (dim_date names one drive per day), and a campaign pattern listed twice would never match
// its second entry.
import { overlappingDrives, pledgeDriveSpans } from '../calendar/annual-dates.js';
import type { CalendarFile } from './calendar-schema.js';
import type { SourceProblem } from './sources-check.js';

export function checkCalendar(file: CalendarFile): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const reported = new Set<string>();
  for (const [a, b] of overlappingDrives(pledgeDriveSpans(file))) {
    const key = `${a.entry}:${b.entry}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const later = Math.max(a.entry, b.entry);
    const other = later === b.entry ? a : b;
    const self = later === b.entry ? b : a;
    problems.push({
      path: ['pledge_drives', later],
      message: `"${self.name}" (${self.start}..${self.end}) overlaps "${other.name}" (${other.start}..${other.end}); a day belongs to one drive`,
    });
  }
  file.campaigns.forEach((c, i) => {
    const first = file.campaigns.findIndex((x) => x.code === c.code);
    if (first !== i) problems.push({ path: ['campaigns', i, 'code'], message: `"${c.code}" is already listed (entry ${first + 1}); the first match wins, so this entry would never apply` });
  });
  return problems;
}
