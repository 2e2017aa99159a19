// Turns the calendar's yearly rules into dated spans: each pledge drive and each campaign window
// for every year of the date range.
import type { AnnualWindow, CalendarFile, DayRule } from '../config/calendar-schema.js';
import { addDays, nthWeekday, yearOf } from './days.js';

export interface Span {
  start: string;
  end: string;
}

export function dayOfRule(rule: DayRule, year: number): string {
  if (typeof rule === 'string') return `${year}-${rule}`;
  return addDays(nthWeekday(year, rule.month, rule.weekday, rule.nth)!, rule.offset_days);
}

/** The window's span in a year; an end before the start is in the following year. */
export function windowIn(window: AnnualWindow, year: number): Span {
  const start = dayOfRule(window.start, year);
  let end = dayOfRule(window.end, year);
  if (end < start) end = dayOfRule(window.end, year + 1);
  return { start, end };
}

export function rangeYears(calendar: CalendarFile): number[] {
  const from = yearOf(calendar.date_range.start);
  return Array.from({ length: yearOf(calendar.date_range.end) - from + 1 }, (_, i) => from + i);
}

export interface DatedDrive extends Span {
  name: string;
  /** Index of the entry under pledge_drives, for error messages. */
  entry: number;
}

/** Every drive of the date range, in date order. */
export function pledgeDriveSpans(calendar: CalendarFile): DatedDrive[] {
  const years = rangeYears(calendar);
  const out: DatedDrive[] = [];
  calendar.pledge_drives.forEach((drive, entry) => {
    if (drive.start && drive.end) {
      out.push({ name: drive.name.replaceAll('{year}', drive.start.slice(0, 4)), start: drive.start, end: drive.end, entry });
      return;
    }
    for (const year of years) {
      if ((drive.from_year !== undefined && year < drive.from_year) || (drive.to_year !== undefined && year > drive.to_year)) continue;
      out.push({ name: drive.name.replaceAll('{year}', String(year)), ...windowIn(drive.every_year!, year), entry });
    }
  });
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.entry - b.entry);
}

/** Pairs of drives sharing a day (a day must belong to one drive, so dim_date names one). */
export function overlappingDrives(drives: DatedDrive[]): [DatedDrive, DatedDrive][] {
  const out: [DatedDrive, DatedDrive][] = [];
  drives.forEach((a, i) => {
    for (const b of drives.slice(i + 1)) {
      if (b.start > a.end) break;
      out.push([a, b]);
    }
  });
  return out;
}

export interface CampaignWindow extends Span {
  /** Index of the entry under campaigns. */
  entry: number;
  year: number;
}

/** The planned dates of each windowed campaign entry, for every year of the date range. */
export function campaignWindows(calendar: CalendarFile): CampaignWindow[] {
  const years = rangeYears(calendar);
  return calendar.campaigns.flatMap((c, entry) => (c.window ? years.map((year) => ({ entry, year, ...windowIn(c.window!, year) })) : []));
}
