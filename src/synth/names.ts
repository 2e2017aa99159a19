// Name tables parsed once from the compact data modules, plus the text helpers that
// turn a name into what a given system stores (ASCII folding, typos, email local parts).
import { FEMALE_FIRST, MALE_FIRST, NICKNAMES } from './data/first-names.js';
import { LAST_NAMES } from './data/last-names.js';
import { cumulative } from './prng.js';

function zipf(n: number, s: number, offset: number): Float64Array {
  return cumulative(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + offset, s)));
}

export const femaleFirst = FEMALE_FIRST.split('|');
export const maleFirst = MALE_FIRST.split('|');
export const lastNames = LAST_NAMES.split('|');
export const femaleCum = zipf(femaleFirst.length, 0.9, 8);
export const maleCum = zipf(maleFirst.length, 0.9, 8);
export const lastCum = zipf(lastNames.length, 0.75, 12);

export const nicknames = new Map<string, string[]>();
for (const entry of NICKNAMES.split(';')) {
  const [given, nicks] = entry.split(':');
  if (given && nicks) nicknames.set(given, nicks.split(','));
}

const FOLD_EXTRA: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', đ: 'd', Đ: 'D', æ: 'ae', Æ: 'AE' };
const foldCache = new Map<string, string>();

/** ASCII folding as a legacy system does it: José -> Jose, Nguyễn -> Nguyen, Małgorzata -> Malgorzata. */
export function asciiFold(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = foldCache.get(s);
  if (out === undefined) {
    out = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[łŁøØßđĐæÆ]/g, (c) => FOLD_EXTRA[c] ?? c);
    if (foldCache.size < 100_000) foldCache.set(s, out);
  }
  return out;
}

/** lower-case ASCII letters only: for email local parts. */
export function mailSafe(s: string): string {
  return asciiFold(s)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

const KEYBOARD: Record<string, string> = {
  a: 'qsz', b: 'vgn', c: 'xdv', d: 'sfe', e: 'wrd', f: 'dgr', g: 'fht', h: 'gjy', i: 'uok', j: 'hku', k: 'jli', l: 'kop',
  m: 'nk', n: 'bmh', o: 'ipl', p: 'ol', q: 'wa', r: 'etf', s: 'adw', t: 'ryg', u: 'yij', v: 'cbf', w: 'qes', x: 'zcs', y: 'tuh', z: 'xa',
};

/** One keying error: substitution with a keyboard neighbour, deletion, transposition or a doubled letter. u1..u3 in [0,1). */
export function typo(s: string, u1: number, u2: number, u3: number): string {
  if (s.length < 3) return s;
  const pos = 1 + Math.floor(u2 * (s.length - 1));
  const c = s[pos] ?? '';
  const op = Math.floor(u1 * 4);
  if (op === 0) {
    const lower = c.toLowerCase();
    const near = KEYBOARD[lower];
    if (!near) return s;
    let r = near[Math.floor(u3 * near.length)] ?? lower;
    if (c !== lower) r = r.toUpperCase();
    return s.slice(0, pos) + r + s.slice(pos + 1);
  }
  if (op === 1) return s.slice(0, pos) + s.slice(pos + 1);
  if (op === 2 && pos + 1 < s.length) return s.slice(0, pos) + (s[pos + 1] ?? '') + c + s.slice(pos + 2);
  return s.slice(0, pos) + c + s.slice(pos);
}

/** Upper-cases the first letter of each word (ticket buyers type "bob smith"; CRMs fix it, mostly). */
export function titleCase(s: string): string {
  return s.replace(/(^|[\s-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
}
