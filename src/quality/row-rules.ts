// Row-level rules (`quarantine: true` on a missing or invalid check of a staging stream table)
// become conditions inside the staging SQL (pipeline/staging/stream-sql.ts): a failing row goes
// to quality.quarantine with "quality rule <name>:" in its reason, through the same path as a
// value that cannot be typed. Rules apply to batches staged after they were added
// (`cpm run --full-refresh` re-stages everything under the current rules).
import type { QualityFile } from '../config/quality-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import type { RowRule } from '../pipeline/staging/stream-sql.js';
import type { RowRulesOf } from '../pipeline/staging/stream-models.js';
import { type CheckSpec, checkSpecs } from './check-specs.js';
import { type Clock, validCondition, validityWords } from './validity.js';

/** The reason prefix of a rule; quarantined rows are counted per rule by it. */
export function ruleLabel(name: string): string {
  return `quality rule ${name}:`;
}

function rowRule(d: Dialect, s: CheckSpec, clock: Clock): RowRule | undefined {
  const c = s.config;
  if ('missing' in c) return { column: c.missing, fails: (text) => `${text} IS NULL`, label: ruleLabel(s.name), expectation: 'is missing', quoteValue: false };
  if ('invalid' in c) {
    return {
      column: c.invalid,
      fails: (text, typed) => `${text} IS NOT NULL AND NOT (${validCondition(d, { text, typed }, c, clock)})`,
      label: ruleLabel(s.name),
      expectation: `is not ${validityWords(c)}`,
      quoteValue: true,
    };
  }
  return undefined;
}

export function rowRulesOf(quality: QualityFile | undefined, d: Dialect, clock: Clock): RowRulesOf {
  const byTable = new Map<string, RowRule[]>();
  for (const s of quality ? checkSpecs(quality) : []) {
    const rule = s.quarantine ? rowRule(d, s, clock) : undefined;
    if (rule) byTable.set(s.table, [...(byTable.get(s.table) ?? []), rule]);
  }
  return (source, stream) => byTable.get(`staging.${source}__${stream}`) ?? [];
}
