// Template macros that match source campaign codes to calendar.yaml's `campaigns:` entries for
// sql/dimensions/dim_campaign.sql. A pattern becomes an anchored regular expression; the first
// entry whose expression matches a code describes it, and its {year}/{month} are read back out of
// the code so planned windows and names can be filled in.
import { campaignWindows } from '../calendar/annual-dates.js';
import type { CalendarFile } from '../config/calendar-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import { literalTable } from '../pipeline/sql-values.js';

export interface CompiledPattern {
  regex: string;
  /** Capture group of {year} / {month}, when the pattern has one. */
  yearGroup?: number;
  monthGroup?: number;
}

/** The schema allows only letters, digits, '-' and '_' besides placeholders: nothing to escape. */
export function compilePattern(pattern: string): CompiledPattern {
  let group = 0;
  const out: CompiledPattern = { regex: '' };
  const body = pattern.replace(/\{year\}|\{month\}|\*/g, (token) => {
    if (token === '*') return '.*';
    group += 1;
    if (token === '{year}') {
      out.yearGroup = group;
      return '([0-9]{4})';
    }
    out.monthGroup = group;
    return '(0[1-9]|1[0-2])';
  });
  out.regex = `^${body}$`;
  return out;
}

export function campaignMacros(d: Dialect, calendar: CalendarFile) {
  const compiled = calendar.campaigns.map((c) => compilePattern(c.code));
  /** CASE over the entries in order: the first match wins. */
  const perEntry = (code: string, value: (p: CompiledPattern, entry: number) => string, type: 'integer' | 'text') => {
    const whens = compiled.map((p, i) => `WHEN ${d.regexMatches(code, p.regex)} THEN ${value(p, i + 1)}`);
    return whens.length ? `CASE ${whens.join(' ')} END` : d.cast('NULL', type);
  };
  return {
    /** 1-based index of the first entry matching the code, NULL when none does. */
    campaign_entry: (code: string) => perEntry(code, (_, entry) => String(entry), 'integer'),
    campaign_year: (code: string) => d.cast(perEntry(code, (p) => (p.yearGroup ? d.regexExtract(code, p.regex, p.yearGroup) : 'NULL'), 'text'), 'integer'),
    campaign_month: (code: string) => perEntry(code, (p) => (p.monthGroup ? d.regexExtract(code, p.regex, p.monthGroup) : 'NULL'), 'text'),
    campaign_entries: (alias: string) =>
      literalTable(
        d,
        [
          ['entry', 'integer'],
          ['name_template', 'text'],
          ['campaign_type', 'text'],
          ['channel', 'text'],
          ['target_audience', 'text'],
          ['goal_amount', 'decimal'],
          ['ongoing', 'boolean'],
        ],
        calendar.campaigns.map((c, i) => [i + 1, c.name ?? '{code}', c.type, c.channel ?? null, c.target_audience ?? null, c.goal_amount ?? null, c.ongoing]),
        alias,
      ),
    campaign_windows: (alias: string) =>
      literalTable(
        d,
        [
          ['entry', 'integer'],
          ['window_year', 'integer'],
          ['start_date', 'date'],
          ['end_date', 'date'],
        ],
        campaignWindows(calendar).map((w) => [w.entry + 1, w.year, w.start, w.end]),
        alias,
      ),
  };
}
