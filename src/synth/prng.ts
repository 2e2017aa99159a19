// Seeded randomness. Everything the generator writes comes from here, never from
// Math.random, so one seed gives byte-identical files on every machine.

/** 32-bit integer mix (splitmix32 finaliser). */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Combines a seed with up to three integers into a new 32-bit seed. */
export function hashSeed(seed: number, a: number, b = 0, c = 0): number {
  let h = mix32(seed ^ 0x5bd1e995);
  h = mix32(h ^ a);
  h = mix32(h ^ Math.imul(b, 0x27d4eb2f));
  return mix32(h ^ Math.imul(c, 0x165667b1));
}

/** Stateless uniform in [0,1) from a record seed and a draw number: the same record renders the same way in every version. */
export function hrand(seed: number, k: number): number {
  return mix32(seed ^ Math.imul(k + 1, 0x85ebca6b)) / 4294967296;
}

/** sfc32: small, fast, passes PractRand; period ~2^127. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = mix32(seed);
    this.b = mix32(this.a ^ 0x6a09e667);
    this.c = mix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next32();
  }
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0,1). */
  next(): number {
    return this.next32() / 4294967296;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  /** Standard normal (Box-Muller, one value per call; speed is fine at our volumes). */
  normal(): number {
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Exponential waiting time with the given rate (events per unit). */
  exp(rate: number): number {
    if (rate <= 0) return Infinity;
    return -Math.log(1 - this.next()) / rate;
  }
  /** Poisson count (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
  /** Index drawn from cumulative weights (last element = total). */
  weighted(cum: Float64Array | readonly number[]): number {
    const total = cum[cum.length - 1] as number;
    const x = this.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Cumulative sums of weights, for Rng.weighted. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i] as number;
    out[i] = s;
  }
  return out;
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * A bijection on [0, size): spreads sequential counters over a space so allocated
 * values (phone lines, street numbers) look random yet never collide.
 */
export class Permutation {
  private readonly mult: number;
  private readonly add: number;
  constructor(
    readonly size: number,
    seed: number,
  ) {
    let m = mix32(seed) % size;
    if (m % 2 === 0) m += 1;
    while (gcd(m, size) !== 1) m += 2;
    this.mult = m;
    this.add = mix32(seed ^ 0xabcdef) % size;
  }
  at(i: number): number {
    // (i * mult + add) mod size without overflowing 2^53.
    return (mulMod(i, this.mult, this.size) + this.add) % this.size;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function mulMod(a: number, b: number, m: number): number {
  if (a * b < Number.MAX_SAFE_INTEGER) return (a * b) % m;
  let r = 0;
  a %= m;
  while (b > 0) {
    if (b & 1) r = (r + a) % m;
    a = (a * 2) % m;
    b = Math.floor(b / 2);
  }
  return r;
}
