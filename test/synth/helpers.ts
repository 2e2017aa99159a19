// Test helpers: a small RFC 4180 reader and the sector metrics measured on generated
// exports (the same way an analyst would, from the files plus the truth mapping).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      i++;
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface Table {
  header: string[];
  rows: string[][];
  col: (name: string) => number;
}

export function readTable(path: string, delimiter = ','): Table {
  const all = parseCsv(readFileSync(path, 'utf8'), delimiter);
  const header = all[0] ?? [];
  return {
    header,
    rows: all.slice(1),
    col: (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`${path}: no column ${name} in ${header.join(',')}`);
      return i;
    },
  };
}

/** All export files of a stream (initial + daily), sorted so later days come last. */
export function streamFiles(dir: string, source: string, stream: string): string[] {
  const d = join(dir, source, stream);
  return readdirSync(d)
    .filter((f) => f.startsWith(`${stream}_`))
    .sort((a, b) => (a.includes('initial') ? -1 : b.includes('initial') ? 1 : a.localeCompare(b)))
    .map((f) => join(d, f));
}

/** Every file of a stream, initial first: the last version of each key (first column) wins. */
export function currentRows(dir: string, source: string, stream: string): { table: Table | undefined; rows: Map<string, string[]> } {
  const rows = new Map<string, string[]>();
  let table: Table | undefined;
  for (const f of streamFiles(dir, source, stream)) {
    table = readTable(f);
    for (const r of table.rows) rows.set(r[0] as string, r);
  }
  return { table, rows };
}

export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const dayOf = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / 86400000);
export const usDay = (s: string) => dayOf(Number(s.slice(6, 10)), Number(s.slice(0, 2)), Number(s.slice(3, 5)));
export const isoDay = (s: string) => dayOf(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));

export interface Calibration {
  retentionOverall: number[];
  retentionFirstYear: number[];
  retentionRepeat: number[];
  sustainerShare: number;
  openRate: number;
  clickRate: number;
  medianOneTime: number;
  majorGiftShare: number;
  medianMonthly: number;
  activeDonorsPerPerson: number;
  donorsPerYear: number[];
}

/**
 * Sector metrics from the exports. Years are the 12-month periods ending on asOf.
 * Retention Y-1 -> Y: share of people with a posted gift in Y-1 who give again in Y
 * (people via the truth mapping, so duplicate donor records don't split anyone).
 * First-year donors: DonorSince within Y-1. Repeat donors: gave in Y-1 and joined before it.
 */
export function measure(dir: string, asOf = '2026-06-30', transitions = 2): Calibration {
  const asOfDay = isoDay(asOf);
  const yearStart = (back: number) => {
    const d = new Date((asOfDay + 1) * 86400000);
    return dayOf(d.getUTCFullYear() - back, d.getUTCMonth() + 1, d.getUTCDate());
  };
  const periodOf = (day: number) => {
    for (let b = 0; b < 40; b++) if (day >= yearStart(b + 1)) return b; // 0 = last 12 months
    return 99;
  };
  const truth = readTable(join(dir, '_truth', 'source_records.csv'));
  const personOf = new Map<string, string>();
  for (const r of truth.rows) if (r[0] === 'wbez_donations') personOf.set(r[1] as string, r[2] as string);

  const since = new Map<string, number>();
  for (const f of streamFiles(dir, 'wbez_donations', 'donors')) {
    const t = readTable(f);
    for (const r of t.rows) {
      const pid = personOf.get(r[t.col('DonorID')] as string) as string;
      const d = usDay(r[t.col('DonorSince')] as string);
      since.set(pid, Math.min(since.get(pid) ?? Infinity, d));
    }
  }
  const { table: gcol, rows: gifts } = currentRows(dir, 'wbez_donations', 'gifts');
  const byPeriod = new Map<number, Set<string>>();
  const recurringLast = new Set<string>();
  const oneTime: number[] = [];
  const monthly: number[] = [];
  let major = 0;
  if (gcol) {
    const c = { donor: gcol.col('DonorID'), date: gcol.col('GiftDate'), amount: gcol.col('Amount'), type: gcol.col('GiftType'), status: gcol.col('Status') };
    for (const r of gifts.values()) {
      if (r[c.status] !== 'Posted') continue;
      const pid = personOf.get(r[c.donor] as string) as string;
      const day = usDay(r[c.date] as string);
      const p = periodOf(day);
      let s = byPeriod.get(p);
      if (!s) byPeriod.set(p, (s = new Set()));
      s.add(pid);
      const amount = Number((r[c.amount] as string).replace(/[$,]/g, ''));
      if (r[c.type] === 'recurring') {
        if (p === 0) recurringLast.add(pid);
        monthly.push(amount);
      } else {
        oneTime.push(amount);
        if (amount >= 1000) major++;
      }
    }
  }
  const overall: number[] = [];
  const first: number[] = [];
  const repeat: number[] = [];
  for (let y = 0; y < transitions; y++) {
    const cur = byPeriod.get(y) ?? new Set<string>();
    const prev = byPeriod.get(y + 1) ?? new Set<string>();
    const prevStart = yearStart(y + 2);
    let n = 0, kept = 0, nf = 0, kf = 0, nr = 0, kr = 0;
    for (const pid of prev) {
      const isNew = (since.get(pid) ?? 0) >= prevStart;
      const k = cur.has(pid) ? 1 : 0;
      n++;
      kept += k;
      if (isNew) {
        nf++;
        kf += k;
      } else {
        nr++;
        kr += k;
      }
    }
    overall.push(kept / n);
    first.push(kf / nf);
    repeat.push(kr / nr);
  }
  const active = byPeriod.get(0) ?? new Set<string>();
  let sustainers = 0;
  for (const pid of active) if (recurringLast.has(pid)) sustainers++;

  let delivered = 0, opened = 0, clicked = 0;
  const { table: acol, rows: sends } = currentRows(dir, 'email_marketing', 'campaign_activity');
  if (acol) {
    const c = { opened: acol.col('opened_at'), clicked: acol.col('clicked_at'), bounced: acol.col('bounced') };
    for (const r of sends.values()) {
      if (r[c.bounced] === 'true') continue;
      delivered++;
      if (r[c.opened]) opened++;
      if (r[c.clicked]) clicked++;
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] ?? 0;
  };
  const people = readTable(join(dir, '_truth', 'people.csv')).rows.length;
  return {
    retentionOverall: overall,
    retentionFirstYear: first,
    retentionRepeat: repeat,
    sustainerShare: sustainers / active.size,
    openRate: opened / delivered,
    clickRate: clicked / delivered,
    medianOneTime: median(oneTime),
    majorGiftShare: major / oneTime.length,
    medianMonthly: median(monthly),
    activeDonorsPerPerson: active.size / people,
    donorsPerYear: [0, 1, 2, 3, 4].map((y) => (byPeriod.get(y)?.size ?? 0) / people),
  };
}
