// Time in the synthetic world: seconds since 1970-01-01 in the station's local clock
// (no zones), days as integers. Date strings are precomputed per day so formatting a
// timestamp costs two array reads and a concatenation.
import { DONATIONS } from './parameters.js';

export const DAY = 86400;

export function dayOfYmd(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86400000);
}

export function parseIsoDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got "${s}"`);
  const day = dayOfYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (isoOfDay(day) !== s) throw new Error(`not a calendar date: "${s}"`);
  return day;
}

export function ymdOfDay(day: number): [number, number, number] {
  const d = new Date(day * 86400000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

export function isoOfDay(day: number): string {
  const [y, m, d] = ymdOfDay(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Same calendar day n years later (Feb 29 -> Mar 1). */
export function addYears(day: number, n: number): number {
  const [y, m, d] = ymdOfDay(day);
  return dayOfYmd(y + n, m, d);
}

export function addMonths(day: number, n: number): number {
  const [y, m, d] = ymdOfDay(day);
  const target = dayOfYmd(y, m + n, 1);
  const [ty, tm] = ymdOfDay(target);
  const last = dayOfYmd(ty, tm + 1, 1) - target;
  return target + Math.min(d, last) - 1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const PAD2 = Array.from({ length: 60 }, (_, i) => pad2(i));

/** Precomputed date strings for every day the generator can touch. */
export class Clock {
  readonly firstDay: number;
  private readonly iso: string[] = [];
  private readonly us: string[] = [];
  private readonly monthOf: Int32Array; // y*12 + m-1 per day
  private readonly dom: Int8Array;
  private readonly monthBase: number;
  private readonly monthFirst: number[] = [];
  constructor(firstDay: number, lastDay: number) {
    this.firstDay = firstDay;
    this.monthOf = new Int32Array(lastDay - firstDay + 1);
    this.dom = new Int8Array(lastDay - firstDay + 1);
    for (let day = firstDay; day <= lastDay; day++) {
      const [y, m, d] = ymdOfDay(day);
      this.iso.push(`${y}-${pad2(m)}-${pad2(d)}`);
      this.us.push(`${pad2(m)}/${pad2(d)}/${y}`);
      this.monthOf[day - firstDay] = y * 12 + m - 1;
      this.dom[day - firstDay] = d;
    }
    this.monthBase = this.monthOf[0] as number;
    const lastMonth = (this.monthOf[this.monthOf.length - 1] as number) + 2;
    for (let mi = this.monthBase; mi <= lastMonth; mi++) this.monthFirst.push(dayOfYmd(Math.floor(mi / 12), (mi % 12) + 1, 1));
  }
  /** addMonths() through lookup tables (hot: every monthly charge). */
  addMonths(day: number, n: number): number {
    const i = day - this.firstDay;
    const mo = this.monthOf[i];
    if (mo === undefined || i < 0) return addMonths(day, n);
    const j = mo + n - this.monthBase;
    const first = this.monthFirst[j];
    const next = this.monthFirst[j + 1];
    if (first === undefined || next === undefined || j < 0) return addMonths(day, n);
    return first + Math.min(this.dom[i] as number, next - first) - 1;
  }
  private idx(t: number): number {
    return Math.floor(t / DAY) - this.firstDay;
  }
  /** YYYY-MM-DD */
  isoDate(t: number): string {
    return this.iso[this.idx(t)] ?? isoOfDay(Math.floor(t / DAY));
  }
  /** MM/DD/YYYY */
  usDate(t: number): string {
    const s = this.us[this.idx(t)];
    if (s !== undefined) return s;
    const [y, m, d] = ymdOfDay(Math.floor(t / DAY));
    return `${pad2(m)}/${pad2(d)}/${y}`;
  }
  hms(t: number): string {
    const s = Math.floor(((t % DAY) + DAY) % DAY);
    return `${PAD2[Math.floor(s / 3600)]}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}`;
  }
  /** YYYY-MM-DDTHH:MM:SSZ */
  isoTs(t: number): string {
    return `${this.isoDate(t)}T${this.hms(t)}Z`;
  }
  /** YYYY-MM-DD HH:MM:SS */
  sqlTs(t: number): string {
    return `${this.isoDate(t)} ${this.hms(t)}`;
  }
  /** MM/DD/YYYY HH:MM:SS */
  usTs(t: number): string {
    return `${this.usDate(t)} ${this.hms(t)}`;
  }
}

/** A fundraising occasion: a window of days with a campaign code. */
export interface Occasion {
  kind: keyof typeof DONATIONS.occasionWeights;
  code: string;
  startDay: number;
  days: number;
}

/** US Thanksgiving: fourth Thursday of November. */
function thanksgiving(y: number): number {
  const nov1 = dayOfYmd(y, 11, 1);
  const dow = (nov1 + 4) % 7; // 1970-01-01 was a Thursday (dow 4, Sunday = 0)
  const firstThu = nov1 + ((4 - dow + 7) % 7);
  return firstThu + 21;
}

/** The station's fundraising calendar for one calendar year. */
export function occasionsOfYear(y: number): Occasion[] {
  const D = DONATIONS;
  return [
    { kind: 'springDrive', code: `FD${y}SPR`, startDay: dayOfYmd(y, D.springDrive.month, D.springDrive.day), days: D.springDrive.days },
    { kind: 'summerMail', code: `DM${y}SUM`, startDay: dayOfYmd(y, D.summerMail.month, D.summerMail.day), days: D.summerMail.days },
    { kind: 'fallDrive', code: `FD${y}FALL`, startDay: dayOfYmd(y, D.fallDrive.month, D.fallDrive.day), days: D.fallDrive.days },
    { kind: 'givingTuesday', code: `GT${y}`, startDay: thanksgiving(y) + 5, days: 1 },
    { kind: 'yearEnd', code: `EOY${y}`, startDay: dayOfYmd(y, 12, 1), days: 31 },
  ];
}
