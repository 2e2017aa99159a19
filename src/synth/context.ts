// Shared state of one generation run: the simulated calendar, the writers, the ID
// sequences and the helpers every source uses.
import { Clock, DAY, addYears, isoOfDay, occasionsOfYear, ymdOfDay, type Occasion } from './calendar.js';
import { DONATIONS } from './parameters.js';
import { Permutation, Rng, cumulative, hashSeed } from './prng.js';
import type { StreamWriter } from './sink.js';

export interface PeriodInfo {
  start: number; // seconds
  end: number; // seconds, inclusive
  occasions: Occasion[];
  occasionCum: Float64Array;
}

export class Ctx {
  readonly clock: Clock;
  readonly asOfDay: number;
  readonly asOfEnd: number;
  readonly cutoff: number;
  readonly cutoffDay: number;
  /** First exported second (start of the `years` window). */
  readonly exportStart: number;
  readonly simStart: number;
  readonly burnIn: number;
  /** Years simulated: burn-in + window + 1 hidden future year. */
  readonly periods: PeriodInfo[];
  /** Index of the last exported year (the 12 months up to asOf); the next one is the hidden future. */
  readonly lastK: number;
  readonly futureK: number;
  readonly futureEnd: number;
  readonly writers = new Map<string, StreamWriter>();
  /** Records one truth row: (source_system, source_record_id) belongs to person_id. Set by the generator. */
  truth: (system: string, recordId: string, personId: string) => void = () => {};
  /** Records which person a web cookie belongs to (truth for web identity stitching). */
  cookieTruth: (cookieId: string, personId: string) => void = () => {};
  readonly seq: Record<string, number> = {};
  /** Generic business mailboxes already on the ESP (an ESP holds one contact per address). */
  readonly genericContacts = new Set<string>();
  private readonly perms = new Map<string, Permutation>();

  constructor(
    readonly seed: number,
    asOfDay: number,
    readonly years: number,
    readonly days: number,
  ) {
    this.asOfDay = asOfDay;
    this.asOfEnd = (asOfDay + 1) * DAY - 1;
    this.cutoffDay = asOfDay - days;
    this.cutoff = (this.cutoffDay + 1) * DAY - 1;
    this.burnIn = DONATIONS.burnInYears;
    const next = asOfDay + 1;
    this.periods = [];
    const n = this.burnIn + years + 1;
    for (let k = 0; k < n; k++) {
      const s = addYears(next, k - this.burnIn - years);
      const e = addYears(next, k + 1 - this.burnIn - years) - 1;
      const occasions: Occasion[] = [];
      const [y0] = ymdOfDay(s);
      const [y1] = ymdOfDay(e);
      for (let y = y0; y <= y1; y++) for (const o of occasionsOfYear(y)) if (o.startDay >= s && o.startDay + o.days - 1 <= e) occasions.push(o);
      occasions.push({ kind: 'other', code: 'GEN', startDay: s, days: e - s + 1 });
      this.periods.push({
        start: s * DAY,
        end: (e + 1) * DAY - 1,
        occasions,
        occasionCum: cumulative(occasions.map((o) => DONATIONS.occasionWeights[o.kind])),
      });
    }
    this.lastK = this.burnIn + years - 1;
    this.futureK = this.burnIn + years;
    this.exportStart = (this.periods[this.burnIn] as PeriodInfo).start;
    this.simStart = (this.periods[0] as PeriodInfo).start;
    this.futureEnd = (this.periods[this.futureK] as PeriodInfo).end;
    this.clock = new Clock(Math.floor(this.simStart / DAY) - 400, Math.floor(this.futureEnd / DAY) + 400);
  }

  writer(key: string): StreamWriter {
    const w = this.writers.get(key);
    if (!w) throw new Error(`no writer ${key}`);
    return w;
  }

  next(name: string): number {
    const v = this.seq[name] ?? 0;
    this.seq[name] = v + 1;
    return v;
  }

  /** A unique, random-looking number in [0, size) for the n-th id of a kind. */
  scrambled(name: string, size: number, n: number): number {
    let p = this.perms.get(name);
    if (!p) {
      p = new Permutation(size, hashSeed(this.seed, 99, name.length, name.charCodeAt(0) * 31 + (name.charCodeAt(1) || 0)));
      this.perms.set(name, p);
    }
    return p.at(n);
  }

  /** The same day of month and time of day `n` months after t (clamped to the month's end). */
  monthsAfter(t: number, n: number): number {
    return this.clock.addMonths(Math.floor(t / DAY), n) * DAY + (t % DAY);
  }

  isoOfDay(day: number): string {
    return isoOfDay(day);
  }

  /** A time of day in the station's usual hours (7:00-22:59). */
  static timeOfDay(rng: Rng): number {
    return 7 * 3600 + Math.floor(rng.next() * 16 * 3600);
  }
}
