// Turns DuckDB result values into the engine-neutral Row values of warehouse.ts.
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  DuckDBTimestampTZValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Row } from '../warehouse.js';

export function toRowValue(v: DuckDBValue): Row[string] {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return bigintToNumber(v);
  if (v instanceof DuckDBDecimalValue) return Number(v.toString());
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue) return trimTimestamp(v.toString());
  return String(v);
}

function bigintToNumber(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** '2024-01-15 03:42:17' without a '.000000' tail, like the PostgreSQL adapter prints. */
export function trimTimestamp(s: string): string {
  return s.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}
