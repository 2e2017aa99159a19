// The people: households with shared addresses, latent traits, and the life events
// (moves, marriages, new email addresses and phones) that make source systems disagree.
import { AREA_CODES, CITIES, STREETS, SUFFIX_WEIGHTS, UNIT_STYLE_WEIGHTS } from './data/places.js';
import { EMPLOYERS, FREE_MAIL, SHARED_MAIL_PATTERNS, SMALL_BUSINESSES, GENERIC_MAILBOXES } from './data/words.js';
import { DAY } from './calendar.js';
import { femaleCum, femaleFirst, lastCum, lastNames, maleCum, maleFirst, mailSafe, nicknames } from './names.js';
import { TRAITS, WORLD } from './parameters.js';
import { Permutation, Rng, cumulative, hashSeed, mix32 } from './prng.js';

export interface Address {
  num: number;
  dir: number; // index into DIRECTIONS
  street: string;
  suffix: number; // index into STREET_SUFFIXES
  unitStyle: number;
  unit: string; // '' when not an apartment
  city: string;
  state: string;
  zip: string;
  zip4: string;
}

export interface Household {
  idx: number;
  id: string;
  addrs: Address[];
  addrT: number[]; // addrT[i]: from when addrs[i] is the address; addrT[0] = -Infinity
  landline: string; // '' when none
  sharedEmail: string; // '' when none
  members: Person[];
}

export type LifeEventKind = 'move' | 'name' | 'email' | 'phone';

export interface Person {
  idx: number;
  id: string;
  hh: Household;
  female: boolean;
  first: string;
  middle: string;
  suffix: string; // '', 'Jr' or 'Sr'
  lastNames: string[];
  lastT: number[];
  emails: string[]; // personal mailboxes, canonical lower-case
  emailT: number[];
  phones: string[]; // mobile, 10 digits; empty array when none
  phoneT: number[];
  workEmail: string;
  genericEmail: string;
  birthDay: number;
  age: number; // at asOf
  ageZ: number;
  wealthZ: number;
  radioZ: number;
  newsZ: number;
  /** Engagement per simulated year (index 0 = first burn-in year). */
  eng: Float64Array;
  twin: boolean;
  /** Life events after the start of the simulation, sorted by time. */
  events: { t: number; kind: LifeEventKind }[];
  seed: number;
}

/** Index of the state in force at time t (times[0] is -Infinity). */
export function at(times: number[], t: number): number {
  let i = times.length - 1;
  while (i > 0 && (times[i] as number) > t) i--;
  return i;
}

export function lastNameAt(p: Person, t: number): string {
  return p.lastNames[at(p.lastT, t)] as string;
}
export function emailAt(p: Person, t: number): string {
  return p.emails[at(p.emailT, t)] as string;
}
export function phoneAt(p: Person, t: number): string {
  return p.phones.length ? (p.phones[at(p.phoneT, t)] as string) : '';
}
export function addressAt(h: Household, t: number): Address {
  return h.addrs[at(h.addrT, t)] as Address;
}

const cityRows = CITIES.split(';').map((row) => {
  const [city, state, weight, zips] = row.split('|');
  return { city: city as string, state: state as string, weight: Number(weight), zips: (zips as string).split(' ') };
});
const cityCum = cumulative(cityRows.map((c) => c.weight));
const streets = STREETS.split('|');
const suffixCum = cumulative(SUFFIX_WEIGHTS);
const unitStyleCum = cumulative(UNIT_STYLE_WEIGHTS);
const areaCodes = AREA_CODES.split(/\s+/).filter(Boolean);
const freeMail = FREE_MAIL.split(';').map((x) => x.split(':') as [string, string]);
const freeMailCum = cumulative(freeMail.map(([, w]) => Number(w)));
const employers = EMPLOYERS.split('|');
const businesses = SMALL_BUSINESSES.split('|');
const ageCum = cumulative(WORLD.ageBands.map((b) => b[2]));

/** Canonical mailbox: what a mail server delivers to (Gmail ignores dots and +tags). */
export function canonicalMailbox(email: string): string {
  const e = email.trim().toLowerCase();
  const at = e.indexOf('@');
  if (at < 0) return e;
  let local = e.slice(0, at);
  const domain = e.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (domain === 'gmail.com' || domain === 'googlemail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/** Set of 32-bit hashes of the mailboxes handed out: a hash clash only forces another variant, never a shared mailbox. */
class MailboxRegistry {
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  constructor(expected: number) {
    let size = 1 << 16;
    while (size < expected * 4) size <<= 1;
    this.table = new Uint32Array(size);
    this.mask = size - 1;
  }
  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return mix32(h) || 1;
  }
  /** Claims the mailbox; false if it (or a hash twin) was taken. */
  claim(email: string): boolean {
    if (this.count * 2 > this.table.length) this.grow();
    const h = MailboxRegistry.hash(canonicalMailbox(email));
    let i = h & this.mask;
    for (;;) {
      const v = this.table[i] as number;
      if (v === 0) {
        this.table[i] = h;
        this.count++;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & this.mask;
    }
  }
  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.table.length - 1;
    for (const h of old) {
      if (!h) continue;
      let i = h & this.mask;
      while (this.table[i]) i = (i + 1) & this.mask;
      this.table[i] = h;
    }
  }
}

/**
 * Shared allocators: addresses, phone numbers and mailboxes are unique across the
 * world unless sharing is intended (household landline, household or business mailbox).
 */
export class Allocators {
  private readonly addrPerm: Permutation;
  private addrCount = 0;
  private readonly linePerms: Permutation[];
  private readonly lineCount: Int32Array;
  private readonly areaCum: Float64Array;
  readonly mailboxes: MailboxRegistry;
  private readonly businessMail: string[] = [];

  constructor(seed: number, scale: number) {
    this.addrPerm = new Permutation(streets.length * 4 * 9999, hashSeed(seed, 11));
    this.linePerms = areaCodes.map((_, i) => new Permutation(10000, hashSeed(seed, 12, i)));
    this.lineCount = new Int32Array(areaCodes.length);
    // Chicago-area codes get most numbers; the rest spread over the country (people keep their cell numbers).
    const local = 12;
    const localShare = 0.8;
    this.areaCum = cumulative(areaCodes.map((_, i) => (i < local ? localShare / local : (1 - localShare) / (areaCodes.length - local))));
    this.mailboxes = new MailboxRegistry(scale * 2);
  }

  address(rng: Rng, sameCity?: Address): Address {
    const code = this.addrPerm.at(this.addrCount++);
    const num = 1 + (code % 9999);
    const rest = Math.floor(code / 9999);
    const c = sameCity && rng.chance(0.6) ? cityRows.find((r) => r.city === sameCity.city) : undefined;
    const city = c ?? (cityRows[rng.weighted(cityCum)] as (typeof cityRows)[number]);
    const apt = rng.chance(WORLD.apartmentShare);
    let unit = '';
    if (apt) {
      const floor = rng.int(1, num > 3000 ? 4 : 12);
      unit = rng.chance(0.55) ? `${floor}${'ABCDEFR'[rng.int(0, 6)]}` : `${floor}${rng.int(0, 1)}${rng.int(1, 9)}`;
      if (rng.chance(0.1)) unit = String(rng.int(1, 3));
    }
    return {
      num,
      dir: rest % 4,
      street: streets[Math.floor(rest / 4)] as string,
      suffix: rng.weighted(suffixCum),
      unitStyle: rng.weighted(unitStyleCum),
      unit,
      city: city.city,
      state: city.state,
      zip: rng.pick(city.zips),
      zip4: String(rng.int(1000, 9999)),
    };
  }

  /**
   * A 10-digit number, unique across the world and never a subscriber's: the 555 exchange of a
   * real area code (the next code once one's 10,000 lines are used), and past all of them an
   * N9X area code, which the NANP keeps in reserve and never assigns.
   */
  phone(rng: Rng): string {
    let a = rng.weighted(this.areaCum);
    for (let tries = 0; (this.lineCount[a] as number) >= 10000 && tries < areaCodes.length; tries++) a = (a + 1) % areaCodes.length;
    const n = this.lineCount[a] as number;
    if (n >= 10000) return this.reservedPhone();
    this.lineCount[a] = n + 1;
    const line = (this.linePerms[a] as Permutation).at(n);
    return `${areaCodes[a]}555${String(line).padStart(4, '0')}`;
  }

  private reserved = 0;

  private reservedPhone(): string {
    const k = this.reserved++;
    const area = `${2 + (Math.floor(k / 8_000_000) % 8)}9${Math.floor(k / 800_000) % 10}`;
    const exchange = 200 + (Math.floor(k / 10_000) % 80) * 10;
    return `${area}${exchange}${String(k % 10_000).padStart(4, '0')}`;
  }

  personalEmail(rng: Rng, first: string, middle: string, last: string, birthYear: number): string {
    const f = mailSafe(first) || 'reader';
    const l = mailSafe(last) || 'chicago';
    const m = mailSafe(middle);
    const nick = nicknames.get(first);
    const n = nick ? mailSafe(nick[0] as string) : f;
    const yy = String(birthYear % 100).padStart(2, '0');
    const domain = (freeMail[rng.weighted(freeMailCum)] as [string, string])[0];
    for (let attempt = 0; attempt < 12; attempt++) {
      let local: string;
      const r = rng.next();
      if (attempt >= 3) local = `${f}${l}${rng.int(1, 9999)}`;
      else if (r < 0.2) local = `${f}.${l}`;
      else if (r < 0.32) local = `${f}${l}`;
      else if (r < 0.46) local = `${f[0]}${l}`;
      else if (r < 0.5) local = `${f}_${l}`;
      else if (r < 0.54) local = `${f}${l[0]}`;
      else if (r < 0.64) local = `${f}.${l}${rng.int(1, 99)}`;
      else if (r < 0.72) local = `${f[0]}${l}${rng.chance(0.5) ? yy : String(birthYear)}`;
      else if (r < 0.78) local = `${f}${rng.int(1, 999)}`;
      else if (r < 0.81) local = `${l}${f}`;
      else if (r < 0.86) local = m ? `${f}.${m[0]}.${l}` : `${f}.${l}.${rng.int(1, 99)}`;
      else if (r < 0.92) local = `${n}.${l}`;
      else local = `${l}.${f}`;
      const email = `${local}@${domain}`;
      if (this.mailboxes.claim(email)) return email;
    }
    // unreachable in practice: the counter suffix above is near-unique
    const email = `${f}.${l}.${rng.int(10000, 99999999)}@${domain}`;
    this.mailboxes.claim(email);
    return email;
  }

  workEmail(rng: Rng, first: string, last: string): string {
    const domain = `${rng.pick(employers)}.example.com`;
    const f = mailSafe(first) || 'staff';
    const l = mailSafe(last) || 'member';
    for (let attempt = 0; ; attempt++) {
      const local = attempt > 2 ? `${f}.${l}${rng.int(2, 999)}` : rng.chance(0.6) ? `${f}.${l}` : `${f[0]}${l}`;
      const email = `${local}@${domain}`;
      if (this.mailboxes.claim(email)) return email;
    }
  }

  /** Generic business mailboxes are shared by up to three owners/staff (info@, office@). */
  genericEmail(rng: Rng): string {
    if (this.businessMail.length && rng.chance(0.35)) return rng.pick(this.businessMail);
    for (;;) {
      const email = `${rng.pick(GENERIC_MAILBOXES)}@${rng.pick(businesses)}${rng.chance(0.5) ? '' : rng.int(2, 99)}.example.com`;
      if (this.mailboxes.claim(email)) {
        this.businessMail.push(email);
        if (this.businessMail.length > 50) this.businessMail.shift();
        return email;
      }
    }
  }

  sharedEmail(rng: Rng, last: string, a: string, b: string): string {
    const pattern = rng.pick(SHARED_MAIL_PATTERNS);
    const domain = (freeMail[rng.weighted(freeMailCum)] as [string, string])[0];
    for (let attempt = 0; ; attempt++) {
      let local = pattern
        .replace('{last}', mailSafe(last))
        .replace('{a}', mailSafe(a))
        .replace('{b}', mailSafe(b));
      if (attempt) local += String(rng.int(1, 9999));
      const email = `${local}@${domain}`;
      if (this.mailboxes.claim(email)) return email;
    }
  }
}

/** What the household builder needs to know about simulated time. */
export interface WorldTime {
  simStart: number; // seconds: start of the first burn-in year
  asOfEnd: number; // seconds: end of asOf
  asOfYear: number;
  asOfDay: number;
  periods: number; // simulated years incl. burn-in and the hidden future year
}

function pickFirst(rng: Rng, female: boolean): string {
  return female ? (femaleFirst[rng.weighted(femaleCum)] as string) : (maleFirst[rng.weighted(maleCum)] as string);
}

function pickAge(rng: Rng): number {
  const band = WORLD.ageBands[rng.weighted(ageCum)] as readonly [number, number, number];
  return rng.int(band[0], band[1]);
}

interface Draft {
  female: boolean;
  age: number;
  last: string;
  first?: string;
  suffix?: string;
  twinOf?: number;
  spouseOf?: number;
  single: boolean;
}

/** Builds one household of `size` adults (size may be cut to fit the requested scale). */
export function buildHousehold(rng: Rng, alloc: Allocators, time: WorldTime, hhIdx: number, firstPerson: number, size: number, seed: number): Household {
  const drafts: Draft[] = [];
  const surname = lastNames[rng.weighted(lastCum)] as string;
  const twins = size >= 2 && rng.chance(WORLD.twinsShare * 1.6);
  if (size === 1) {
    drafts.push({ female: rng.chance(0.53), age: pickAge(rng), last: surname, single: true });
  } else if (twins && size === 2) {
    const age = rng.int(18, 45);
    const female = rng.chance(0.5);
    drafts.push({ female, age, last: surname, single: true }, { female: rng.chance(0.5) ? female : !female, age, last: surname, twinOf: 0, single: true });
  } else if (size === 2 && !rng.chance(WORLD.coupleShare)) {
    if (rng.chance(0.5)) {
      // parent and adult child
      const parentAge = rng.int(45, 85);
      drafts.push({ female: rng.chance(0.6), age: parentAge, last: surname, single: true });
      drafts.push({ female: rng.chance(0.5), age: rng.int(18, Math.min(40, parentAge - 20)), last: surname, single: true });
    } else {
      // roommates
      for (let i = 0; i < 2; i++) drafts.push({ female: rng.chance(0.5), age: rng.int(22, 40), last: lastNames[rng.weighted(lastCum)] as string, single: true });
    }
  } else {
    const family = size === 2 || twins || rng.chance(WORLD.adultChildShare);
    if (!family) {
      for (let i = 0; i < size; i++) drafts.push({ female: rng.chance(0.5), age: rng.int(21, 38), last: lastNames[rng.weighted(lastCum)] as string, single: true });
    } else {
      const kids = size - 2;
      const a = size >= 3 ? rng.int(42 + kids * 2, 80) : pickAge(rng);
      const femaleA = rng.chance(0.5);
      const sameSex = rng.chance(0.06);
      const shared = rng.chance(WORLD.coupleSharedSurname);
      drafts.push({ female: femaleA, age: a, last: surname, single: false });
      const bAge = Math.max(18, Math.min(95, a + Math.round(rng.normal() * 4)));
      drafts.push({ female: sameSex ? femaleA : !femaleA, age: bAge, last: shared ? surname : (lastNames[rng.weighted(lastCum)] as string), spouseOf: 0, single: false });
      const youngest = Math.min(a, bAge) - 20;
      const kidAge = rng.int(18, Math.max(18, Math.min(34, youngest)));
      for (let k = 0; k < kids; k++) {
        const d: Draft = { female: rng.chance(0.5), age: twins && k === 1 ? kidAge : rng.int(18, Math.max(18, Math.min(34, youngest))), last: surname, single: true };
        if (twins && k === 1) d.twinOf = 2;
        drafts.push(d);
      }
      // Jr/Sr: a son named after the father, both at one address.
      const father = drafts[0]?.female ? (drafts[1]?.female ? undefined : drafts[1]) : drafts[0];
      const son = drafts.slice(2).find((d) => !d.female && d.twinOf === undefined);
      if (father && son && father.last === surname && rng.chance(WORLD.juniorShare)) {
        father.first = pickFirst(rng, false);
        father.suffix = 'Sr';
        son.first = father.first;
        son.suffix = 'Jr';
      }
    }
  }

  const hh: Household = {
    idx: hhIdx,
    id: `H${String(hhIdx + 1).padStart(7, '0')}`,
    addrs: [],
    addrT: [-Infinity],
    landline: '',
    sharedEmail: '',
    members: [],
  };
  hh.addrs.push(alloc.address(rng));
  const oldest = Math.max(...drafts.map((d) => d.age));
  const landlineP = WORLD.landlineShare[oldest < 45 ? 0 : oldest < 65 ? 1 : 2];
  if (rng.chance(landlineP)) hh.landline = alloc.phone(rng);

  // household moves
  const yearSec = 365.25 * DAY;
  for (let t = time.simStart + rng.exp(WORLD.moveRate) * yearSec; t < time.asOfEnd; t += rng.exp(WORLD.moveRate) * yearSec) {
    hh.addrT.push(Math.floor(t));
    hh.addrs.push(alloc.address(rng, hh.addrs[hh.addrs.length - 1]));
  }

  const wealthHh = rng.normal();
  const birthDays: number[] = [];
  drafts.forEach((d, i) => {
    const pIdx = firstPerson + i;
    const pSeed = hashSeed(seed, 2, pIdx);
    const first = d.first ?? pickFirst(rng, d.female);
    let middle = rng.chance(0.62) ? pickFirst(rng, d.female) : '';
    if (middle === first) middle = '';
    let birthDay: number;
    if (d.twinOf !== undefined && birthDays[d.twinOf] !== undefined) birthDay = birthDays[d.twinOf] as number;
    else birthDay = time.asOfDay - d.age * 365 - rng.int(0, 364);
    birthDays.push(birthDay);
    const age = Math.floor((time.asOfDay - birthDay) / 365.25);
    const ageZ = (age - 52) / 17;
    const wealthZ = TRAITS.householdWealthShare * wealthHh + Math.sqrt(1 - TRAITS.householdWealthShare ** 2) * rng.normal() + 0.15 * ageZ;
    const radioZ = rng.normal() + TRAITS.radioAgeCoef * ageZ + TRAITS.radioWealthCoef * wealthZ;
    const newsZ = rng.normal() + TRAITS.newsAgeCoef * ageZ + TRAITS.newsWealthCoef * wealthZ + 0.3 * radioZ;
    const eng = new Float64Array(time.periods);
    let e = rng.normal() + 0.25 * radioZ + 0.15 * newsZ;
    const rho = WORLD.engagementRho;
    for (let k = 0; k < time.periods; k++) {
      eng[k] = e;
      e = rho * e + Math.sqrt(1 - rho * rho) * rng.normal();
    }
    const birthYear = Number(new Date(birthDay * 86400000).getUTCFullYear());
    const p: Person = {
      idx: pIdx,
      id: `P${String(pIdx + 1).padStart(7, '0')}`,
      hh,
      female: d.female,
      first,
      middle,
      suffix: d.suffix ?? '',
      lastNames: [d.last],
      lastT: [-Infinity],
      emails: [],
      emailT: [-Infinity],
      phones: [],
      phoneT: [-Infinity],
      workEmail: '',
      genericEmail: '',
      birthDay,
      age,
      ageZ,
      wealthZ,
      radioZ,
      newsZ,
      eng,
      twin: d.twinOf !== undefined || drafts.some((o) => o.twinOf === i),
      events: [],
      seed: pSeed,
    };
    p.emails.push(alloc.personalEmail(rng, first, middle, d.last, birthYear));
    if (rng.chance(WORLD.mobileShare)) p.phones.push(alloc.phone(rng));
    if (age >= 22 && age <= 68 && rng.chance(WORLD.workEmailShare)) p.workEmail = alloc.workEmail(rng, first, d.last);
    if (age >= 25 && rng.chance(WORLD.businessOwnerShare)) p.genericEmail = alloc.genericEmail(rng);

    // marriage: single women of marrying age may take a new surname
    if (d.single && d.female && age >= 22 && age <= 50) {
      const t = time.simStart + rng.exp(WORLD.marriageRate) * yearSec;
      if (t < time.asOfEnd && rng.chance(WORLD.takeSpouseName + WORLD.hyphenateName)) {
        const spouse = lastNames[rng.weighted(lastCum)] as string;
        const newLast = rng.chance(WORLD.hyphenateName / (WORLD.takeSpouseName + WORLD.hyphenateName)) ? `${d.last}-${spouse}` : spouse;
        if (newLast !== d.last) {
          p.lastNames.push(newLast);
          p.lastT.push(Math.floor(t));
          p.events.push({ t: Math.floor(t), kind: 'name' });
          if (rng.chance(0.4)) {
            const te = Math.floor(t + rng.int(7, 120) * DAY);
            p.emails.push(alloc.personalEmail(rng, first, middle, newLast, birthYear));
            p.emailT.push(te);
            p.events.push({ t: te, kind: 'email' });
          }
        }
      }
    }
    for (let t = time.simStart + rng.exp(WORLD.newEmailRate) * yearSec; t < time.asOfEnd; t += rng.exp(WORLD.newEmailRate) * yearSec) {
      const tt = Math.floor(t);
      if (tt <= (p.emailT[p.emailT.length - 1] as number)) continue;
      p.emails.push(alloc.personalEmail(rng, first, middle, p.lastNames[at(p.lastT, tt)] as string, birthYear));
      p.emailT.push(tt);
      p.events.push({ t: tt, kind: 'email' });
    }
    if (p.phones.length) {
      for (let t = time.simStart + rng.exp(WORLD.newPhoneRate) * yearSec; t < time.asOfEnd; t += rng.exp(WORLD.newPhoneRate) * yearSec) {
        p.phones.push(alloc.phone(rng));
        p.phoneT.push(Math.floor(t));
        p.events.push({ t: Math.floor(t), kind: 'phone' });
      }
    }
    for (let i2 = 1; i2 < hh.addrT.length; i2++) p.events.push({ t: hh.addrT[i2] as number, kind: 'move' });
    p.events.sort((a, b) => a.t - b.t);
    hh.members.push(p);
  });

  if (hh.members.length >= 2 && rng.chance(WORLD.sharedEmailShare)) {
    const [a, b] = hh.members;
    hh.sharedEmail = alloc.sharedEmail(rng, a?.lastNames[0] ?? surname, a?.first ?? '', b?.first ?? '');
  }
  return hh;
}
