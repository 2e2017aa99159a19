// Generated SQL pinned per dialect: each builder's text must equal the expected text exactly.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Dialect } from '../../src/dialect/dialect.js';
import { type DialectName, getDialect } from '../../src/dialect/registry.js';

/** One test per dialect that `expectedSql` pins. */
export function pinnedSqlTests(pinned: Record<string, (d: Dialect) => string>, expectedSql: Partial<Record<DialectName, Record<string, string>>>): void {
  for (const name of Object.keys(expectedSql) as DialectName[]) {
    it(name, () => {
      const d = getDialect(name);
      for (const [key, build] of Object.entries(pinned)) assert.equal(build(d), expectedSql[name]![key], `${name}.${key}`);
    });
  }
}
