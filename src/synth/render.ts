// How a source system writes what it knows about a person: nicknames, initials, typos,
// dropped accents, phone formats, address abbreviations, email quirks. Every choice is
// drawn statelessly from the record's seed, so a record keeps its quirks across versions.
import { DIRECTIONS, STREET_SUFFIXES, UNIT_STYLES } from './data/places.js';
import { asciiFold, nicknames, typo } from './names.js';
import { NOISE } from './parameters.js';
import { cumulative, hrand } from './prng.js';
import type { Address, Person } from './world.js';

export interface NameStyle {
  nickname: number;
  initial: number;
  typo: number;
  /** Chance accents are dropped (1 = the system is ASCII-only). */
  fold: number;
  punct: number;
  upper: boolean;
}

// Draw slots: each quirk reads its own slot so one choice never shifts another.
const K = { nick: 1, nickPick: 2, initial: 3, typoF: 4, typoL: 8, fold: 12, punct: 13, punctKind: 14, middle: 15, suffix: 16, emailCase: 17, emailWs: 18, dots: 19, dotPos: 20, plus: 21, plusTag: 22, emailTypo: 23, phoneFmt: 24, ext: 25, extNum: 26, dirForm: 27, sufForm: 28, unitPlace: 29, streetTypo: 30, zip4: 31, caseKind: 32 } as const;

function wpick(cum: Float64Array, u: number): number {
  const x = u * (cum[cum.length - 1] as number);
  let i = 0;
  while (i < cum.length - 1 && (cum[i] as number) <= x) i++;
  return i;
}

const middleCum = cumulative(NOISE.middleForms);
const suffixCum = cumulative(NOISE.suffixForms);

export function renderFirst(p: Person, seed: number, st: NameStyle): string {
  let s = p.first;
  const u = hrand(seed, K.nick);
  const nicks = nicknames.get(s);
  if (nicks && u < st.nickname) s = nicks[Math.floor(hrand(seed, K.nickPick) * nicks.length)] as string;
  else if (hrand(seed, K.initial) < st.initial) s = `${s[0]}.`;
  if (hrand(seed, K.typoF) < st.typo) s = typo(s, hrand(seed, K.typoF + 1), hrand(seed, K.typoF + 2), hrand(seed, K.typoF + 3));
  if (hrand(seed, K.fold) < st.fold) s = asciiFold(s);
  if (hrand(seed, K.punct) < st.punct && /[-' ]/.test(s)) s = s.replace(/[-']/g, hrand(seed, K.punctKind) < 0.5 ? '' : ' ');
  return st.upper ? s.toUpperCase() : s;
}

export function renderMiddle(p: Person, seed: number, st: NameStyle): string {
  if (!p.middle) return '';
  const form = wpick(middleCum, hrand(seed, K.middle));
  const s = form === 0 ? p.middle : form === 1 ? (p.middle[0] as string) : form === 2 ? `${p.middle[0]}.` : '';
  const f = hrand(seed, K.fold) < st.fold ? asciiFold(s) : s;
  return st.upper ? f.toUpperCase() : f;
}

export function renderLast(name: string, seed: number, st: NameStyle): string {
  let s = name;
  if (hrand(seed, K.typoL) < st.typo) s = typo(s, hrand(seed, K.typoL + 1), hrand(seed, K.typoL + 2), hrand(seed, K.typoL + 3));
  if (hrand(seed, K.fold) < st.fold) s = asciiFold(s);
  if (hrand(seed, K.punct) < st.punct && /['. ]/.test(s)) s = s.replace(/'/g, hrand(seed, K.punctKind) < 0.6 ? '' : ' ').replace(/\. /g, ' ');
  return st.upper ? s.toUpperCase() : s;
}

/** "Jr", "Jr.", "JR" or nothing; "Sr" likewise. */
export function renderSuffix(p: Person, seed: number): string {
  if (!p.suffix) return '';
  const form = wpick(suffixCum, hrand(seed, K.suffix));
  return form === 0 ? p.suffix : form === 1 ? `${p.suffix}.` : form === 2 ? p.suffix.toUpperCase() : '';
}

export interface EmailStyle {
  caseRate: number;
  whitespace: number;
  gmailDots: number;
  plusTag: number;
  tag: string;
  typo: number;
}

export const defaultEmailStyle = (tag: string): EmailStyle => ({
  caseRate: NOISE.emailCase,
  whitespace: NOISE.emailWhitespace,
  gmailDots: NOISE.gmailDots,
  plusTag: NOISE.plusTag,
  tag,
  typo: NOISE.emailTypo,
});

const DOMAIN_TYPOS: Record<string, string> = { 'gmail.com': 'gmial.com', 'yahoo.com': 'yaho.com', 'hotmail.com': 'hotmal.com', 'comcast.net': 'comcast.com', 'icloud.com': 'iclod.com', 'aol.com': 'aol.co' };

/** Writes a mailbox the way people type it into forms: Mixed.Case, stray spaces, Gmail dots, +tags, the odd typo. */
export function renderEmail(mailbox: string, seed: number, st: EmailStyle): string {
  if (!mailbox) return '';
  let e = mailbox;
  const at = e.indexOf('@');
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  if (domain === 'gmail.com' && hrand(seed, K.dots) < st.gmailDots) {
    if (local.includes('.')) local = local.replace(/\./g, '');
    else if (local.length > 3) {
      const pos = 1 + Math.floor(hrand(seed, K.dotPos) * (local.length - 2));
      local = `${local.slice(0, pos)}.${local.slice(pos)}`;
    }
  }
  if ((domain === 'gmail.com' || domain === 'outlook.com' || domain === 'icloud.com') && hrand(seed, K.plus) < st.plusTag) local = `${local}+${st.tag}`;
  if (hrand(seed, K.emailTypo) < st.typo) domain = DOMAIN_TYPOS[domain] ?? domain;
  e = `${local}@${domain}`;
  const c = hrand(seed, K.emailCase);
  if (c < st.caseRate) {
    const kind = hrand(seed, K.caseKind);
    if (kind < 0.5) e = e.replace(/(^|[._])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()).replace(/@([a-z])/, (_m, b: string) => `@${b.toUpperCase()}`);
    else if (kind < 0.8) e = `${local.charAt(0).toUpperCase()}${e.slice(1)}`;
    else e = e.toUpperCase();
  }
  const w = hrand(seed, K.emailWs);
  if (w < st.whitespace) e = w < st.whitespace / 2 ? ` ${e}` : `${e} `;
  return e;
}

/** Phone formats, in the order of PHONE_FORMAT_WEIGHTS. */
export function renderPhone(digits: string, seed: number, weights: Float64Array, extRate = 0): string {
  if (!digits) return '';
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6);
  const f = wpick(weights, hrand(seed, K.phoneFmt));
  let s: string;
  switch (f) {
    case 0: s = `(${a}) ${b}-${c}`; break;
    case 1: s = `${a}-${b}-${c}`; break;
    case 2: s = `${a}.${b}.${c}`; break;
    case 3: s = `+1 ${a} ${b} ${c}`; break;
    case 4: s = digits; break;
    case 5: s = `1-${a}-${b}-${c}`; break;
    default: s = `${a} ${b} ${c}`;
  }
  if (extRate && hrand(seed, K.ext) < extRate) {
    const n = 10 + Math.floor(hrand(seed, K.extNum) * 990);
    s += hrand(seed, K.extNum + 1) < 0.5 ? ` x${n}` : ` ext. ${n}`;
  }
  return s;
}

export interface AddressStyle {
  /** 0 = spelled out (North, Street), 1 = USPS (N, St), 2 = with periods (N., St.), 3 = mixed per record */
  abbreviation: 0 | 1 | 2 | 3;
  upper: boolean;
  typo: number;
  /** Chance the unit goes in line 1 rather than line 2 (1 = single-line system). */
  unitInLine1: number;
}

/** Address lines [line1, line2] as one system writes them. */
export function renderAddress(a: Address, seed: number, st: AddressStyle): [string, string] {
  let form = st.abbreviation;
  if (form === 3) form = (hrand(seed, K.sufForm) < 0.7 ? 1 : hrand(seed, K.sufForm + 1) < 0.5 ? 0 : 2) as 0 | 1 | 2;
  const dirs = DIRECTIONS[a.dir] as readonly string[];
  const sufs = STREET_SUFFIXES[a.suffix] as readonly string[];
  // Chicago writes numbered streets without a spelled-out direction mostly; keep the grid direction anyway.
  const dir = form === 0 ? dirs[0] : form === 1 ? dirs[1] : hrand(seed, K.dirForm) < 0.7 ? dirs[2] : dirs[1];
  let suf = form === 0 ? sufs[0] : form === 1 ? sufs[1] : (sufs[2] ?? sufs[1]);
  if (form === 1 && hrand(seed, K.dirForm + 1) < 0.05 && sufs[3]) suf = sufs[3];
  let street = a.street;
  if (hrand(seed, K.streetTypo) < st.typo) street = typo(street, hrand(seed, K.streetTypo + 1), hrand(seed, K.streetTypo + 2), hrand(seed, K.streetTypo + 3));
  let line1 = `${a.num} ${dir} ${street} ${suf}`;
  let line2 = '';
  if (a.unit) {
    const style = UNIT_STYLES[a.unitStyle] as string;
    const unit = style === '#' ? `#${a.unit}` : `${style} ${a.unit}`;
    if (hrand(seed, K.unitPlace) < st.unitInLine1) line1 = `${line1} ${unit}`;
    else line2 = unit;
  }
  if (st.upper) {
    line1 = asciiFold(line1.toUpperCase());
    line2 = line2.toUpperCase();
  }
  return [line1, line2];
}

/** ZIP or ZIP+4 (the CRM runs CASS/NCOA and stores +4 for some records). */
export function renderZip(a: Address, seed: number, zip4Rate: number): string {
  return hrand(seed, K.zip4) < zip4Rate ? `${a.zip}-${a.zip4}` : a.zip;
}
