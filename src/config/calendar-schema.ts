// config/calendar.yaml: the organisation's calendar. The fiscal year, the holidays and the pledge
// drives shape dimensions.dim_date; the campaign entries give the source campaign codes their
// names, types, channels, goals and dates in dimensions.dim_campaign.
import { z } from 'zod';
import { isIsoDay, weekdays } from '../calendar/days.js';

const isoDate = z.string().refine(isIsoDay, 'use a calendar date like 2026-03-10');
const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case: letters, digits and underscores, starting with a letter');

/** A day of any year: "MM-DD", or the nth weekday of a month plus an offset (Giving Tuesday is
 * the Tuesday after the fourth Thursday of November: month 11, thursday, nth 4, offset_days 5). */
export const dayRuleSchema = z.union([
  z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'use "MM-DD", e.g. "03-10"')
    .refine((s) => isIsoDay(`2001-${s}`), 'not a day every year has (February 29 is not)')
    .describe('"MM-DD"'),
  z
    .object({
      month: z.number().int().min(1).max(12),
      weekday: z.enum(weekdays),
      nth: z.number().int().refine((n) => n === -1 || (n >= 1 && n <= 4), 'use 1..4, or -1 for the last one'),
      offset_days: z.number().int().default(0).describe('Days added after the weekday is found'),
    })
    .strict(),
]);
export type DayRule = z.infer<typeof dayRuleSchema>;

/** Dates within a year; an end before the start falls in the next year (a December–January drive). */
const annualWindowSchema = z.object({ start: dayRuleSchema, end: dayRuleSchema }).strict();
export type AnnualWindow = z.infer<typeof annualWindowSchema>;

export const pledgeDriveSchema = z
  .object({
    name: z.string().min(1).max(50).describe('Shown as dim_date.pledge_drive_name; "{year}" is replaced by the year the drive starts'),
    start: isoDate.optional().describe('A one-off drive: its first day'),
    end: isoDate.optional().describe('A one-off drive: its last day'),
    every_year: annualWindowSchema.optional().describe('A drive held every year on these days'),
    from_year: z.number().int().optional().describe('First year of a recurring drive (default: the start of date_range)'),
    to_year: z.number().int().optional().describe('Last year of a recurring drive (default: the end of date_range)'),
  })
  .strict()
  .superRefine((d, ctx) => {
    const oneOff = d.start !== undefined || d.end !== undefined;
    if (oneOff && d.every_year) ctx.addIssue({ code: 'custom', path: ['every_year'], message: 'give either start and end (one drive) or every_year (a recurring drive), not both' });
    else if (!oneOff && !d.every_year) ctx.addIssue({ code: 'custom', path: [], message: 'a drive needs start and end dates, or every_year: { start: "MM-DD", end: "MM-DD" }' });
    else if (oneOff && (!d.start || !d.end)) ctx.addIssue({ code: 'custom', path: [d.start ? 'end' : 'start'], message: 'a one-off drive needs both start and end' });
    else if (d.start && d.end && d.end < d.start) ctx.addIssue({ code: 'custom', path: ['end'], message: `ends (${d.end}) before it starts (${d.start})` });
    if (oneOff && (d.from_year !== undefined || d.to_year !== undefined)) ctx.addIssue({ code: 'custom', path: ['from_year'], message: 'from_year and to_year apply to every_year drives only' });
  });
export type PledgeDrive = z.infer<typeof pledgeDriveSchema>;

/** Campaign code patterns: literal letters, digits, '-' and '_', with {year} (four digits),
 * {month} (01..12) and * (any text). */
export const codePattern = z
  .string()
  .regex(/^([A-Za-z0-9_-]|\{year\}|\{month\}|\*)+$/, 'use letters, digits, - and _, with {year}, {month} or * as placeholders, e.g. "FD{year}SPR"')
  .refine((p) => (p.match(/\{year\}/g) ?? []).length <= 1 && (p.match(/\{month\}/g) ?? []).length <= 1, '{year} and {month} may appear once each');

export const campaignSchema = z
  .object({
    code: codePattern.describe('The source campaign code, or a pattern: "FD{year}SPR", "cmp-{year}{month}-wbez-newsletter", "cmp-*"'),
    name: z.string().min(1).optional().describe('Campaign name; {year}, {month} and {code} are replaced (default: the code)'),
    type: identifier.describe('e.g. pledge_drive, annual_appeal, special, sustainer, general, newsletter'),
    channel: identifier.optional().describe('e.g. radio, email, direct_mail, digital, phone, event'),
    target_audience: z.string().min(1).max(100).optional(),
    goal_amount: z.number().nonnegative().optional().describe('Fundraising goal of each campaign the entry matches'),
    window: annualWindowSchema.optional().describe('Planned dates within the code\'s {year}; without it the dates are the first and last activity seen'),
    ongoing: z.boolean().default(false).describe('An always-on code (SUST, WEB): no end date, always active'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.window && !c.code.includes('{year}')) ctx.addIssue({ code: 'custom', path: ['window'], message: 'a window needs {year} in the code pattern, to know which year the dates fall in' });
    if (c.window && c.ongoing) ctx.addIssue({ code: 'custom', path: ['ongoing'], message: 'an ongoing campaign has no window; remove one of them' });
  });
export type CampaignEntry = z.infer<typeof campaignSchema>;

export const calendarFileSchema = z
  .object({
    fiscal_year_start_month: z.number().int().min(1).max(12).default(7).describe('First month of the fiscal year (7 = July 1 - June 30); the fiscal year is named by the calendar year it ends in'),
    holidays: z.enum(['us_federal', 'none']).default('us_federal').describe('us_federal: the eleven federal holidays and their observed days'),
    date_range: z
      .object({ start: isoDate, end: isoDate })
      .strict()
      .refine((r) => r.start <= r.end, { message: 'start must not be after end', path: ['end'] })
      .default({ start: '2000-01-01', end: '2040-12-31' })
      .describe('Days dimensions.dim_date holds'),
    pledge_drives: z.array(pledgeDriveSchema).default([]).describe('On-air fund drives; a day belongs to at most one'),
    campaigns: z.array(campaignSchema).default([]).describe('Campaign code patterns, first match wins'),
  })
  .strict();

export type CalendarFile = z.infer<typeof calendarFileSchema>;
