// Turns the values a Spark/Databricks driver hands back into the engine-neutral Row values of
// warehouse.ts. Spark's Thrift server sends DECIMAL as text and DATE/TIMESTAMP as text already
// in ISO form; BIGINT comes as a 64-bit integer object that would lose digits above 2^53 if read
// as a plain number (hive-driver's default result reader turns those into null).
import type { Row } from '../warehouse.js';

/** BIGINT: a number when it is exactly representable, else its decimal text (like the PostgreSQL adapter). */
export function bigintValue(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** DECIMAL text: a number when the double prints back as the same value, else the text itself,
 * so precision is never dropped silently ('12345678901234567890.12' stays text). */
export function decimalValue(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return sameDecimal(String(n), text) ? n : text;
}

function canonicalDecimal(text: string): string {
  let [int = '', frac = ''] = text.replace(/^\+/, '').split('.');
  const negative = int.startsWith('-');
  int = int.replace(/^-/, '').replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

function sameDecimal(printed: string, text: string): boolean {
  // String(n) may use exponent notation (1e-7, 1e+21): compare through BigInt-free expansion.
  const expanded = /e/i.test(printed) ? expandExponent(printed) : printed;
  return canonicalDecimal(expanded) === canonicalDecimal(text);
}

function expandExponent(s: string): string {
  const [mantissa = '', exp = '0'] = s.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [i = '', f = ''] = mantissa.replace('-', '').split('.');
  const digits = i + f;
  const point = i.length + Number(exp);
  const body =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${body}` : body;
}

/** '2024-01-15 03:42:17.500000' -> '2024-01-15 03:42:17.5'; no '.0' tail (as the other adapters print). */
export function timestampValue(text: string): string {
  return text.replace('T', ' ').replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}

export type SparkKind = 'boolean' | 'integer' | 'bigint' | 'double' | 'decimal' | 'text' | 'date' | 'timestamp' | 'other';

/** One value of a column of the given kind, as the driver returned it, normalised. */
export function toRowValue(kind: SparkKind, v: unknown): Row[string] {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true' || v === 1;
    case 'integer':
    case 'double':
      return typeof v === 'number' ? v : Number(v);
    case 'bigint':
      return bigintValue(typeof v === 'bigint' ? v : BigInt(String(v)));
    case 'decimal':
      return decimalValue(String(v));
    case 'date':
      return String(v).slice(0, 10);
    case 'timestamp':
      return timestampValue(String(v));
    case 'text':
      return String(v);
    case 'other':
      return Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
}
