// The one list of dialects. Tests loop over it; the warehouse registry picks from it.
import type { Dialect } from './dialect.js';
import { DuckDbDialect } from './duckdb/duckdb-dialect.js';
import { PostgresDialect } from './postgres/postgres-dialect.js';

export const dialectNames = ['duckdb', 'postgres'] as const;
export type DialectName = (typeof dialectNames)[number];

export function getDialect(name: DialectName): Dialect {
  switch (name) {
    case 'duckdb':
      return new DuckDbDialect();
    case 'postgres':
      return new PostgresDialect();
  }
}
