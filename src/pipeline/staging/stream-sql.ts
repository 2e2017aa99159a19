// Generates the staging SQL of one source stream from its mapping in config/sources.yaml:
// trim and transform each source column, type it (dates with their format), split full names,
// and give every row that cannot be typed a reason so it goes to quarantine instead of staging.
import { stagingColumns } from '../../config/sources-check.js';
import type { ColumnMapping, StreamConfig } from '../../config/sources-schema.js';
import type { Dialect, LogicalType } from '../../dialect/dialect.js';
import { lineageColumns } from '../raw-tables.js';

export type ColumnDef = [name: string, type: LogicalType];

const defaultTrue = ['true', 't', 'yes', 'y', '1'];
const defaultFalse = ['false', 'f', 'no', 'n', '0'];
const suffixWords = 'jr|sr|ii|iii|iv';

/** Staging columns of a stream, in table order, lineage last (minus _loaded_at, which raw keeps). */
export function stagingColumnDefs(stream: StreamConfig): ColumnDef[] {
  return [...stagingColumns(stream), ...lineageColumns.filter(([c]) => c !== '_loaded_at' && c !== '_record_hash')];
}

function cleaned(d: Dialect, c: ColumnMapping): string {
  let x = `NULLIF(TRIM(${d.quoteIdent(c.source)}), '')`;
  for (const t of c.transform) {
    if (t === 'lower') x = `LOWER(${x})`;
    else if (t === 'upper') x = `UPPER(${x})`;
    else if (t === 'collapse_spaces') x = d.regexReplace(x, '\\s+', ' ');
    else if (t === 'digits_only') x = `NULLIF(${d.regexReplace(x, '[^0-9]', '')}, '')`;
    else if (t === 'strip_currency') x = `NULLIF(${d.regexReplace(x, '[$, ]', '')}, '')`;
  }
  return x;
}

function typed(d: Dialect, c: ColumnMapping, x: string): string {
  switch (c.type) {
    case 'text':
      return x;
    case 'integer':
    case 'decimal':
      return d.tryCast(x, c.type);
    case 'boolean': {
      const list = (vs: string[]) => vs.map((v) => d.stringLiteral(v.toLowerCase())).join(', ');
      return `CASE WHEN LOWER(${x}) IN (${list(c.true_values ?? defaultTrue)}) THEN TRUE WHEN LOWER(${x}) IN (${list(defaultFalse)}) THEN FALSE END`;
    }
    case 'date':
      return d.tryParseDate(x, c.format ?? '');
    case 'timestamp':
      return d.tryParseTimestamp(x, c.format ?? '');
  }
}

/** A mapped column of a raw row as staging holds it (trimmed, transformed, typed): lets other
 * steps (privacy requests) find raw rows by the values staging would give them. */
export function stagedValue(d: Dialect, c: ColumnMapping): string {
  return d.cast(typed(d, c, cleaned(d, c)), c.type);
}

function expectation(c: ColumnMapping): string {
  return c.format ? `a ${c.type} like ${c.format}` : `a valid ${c.type}`;
}

/** first/middle/last/suffix from one full-name column (an expression over the cleaned row). */
function splitNameColumns(d: Dialect, stream: StreamConfig, fullName: string): string[] {
  const s = stream.split_name;
  if (!s) return [];
  const q = (c: string) => d.quoteIdent(c);
  const full = d.regexReplace(`NULLIF(TRIM(${fullName}), '')`, '\\s+', ' ');
  const suffixRe = `(?i)[ ,]+(${suffixWords})[.]?([ ,]|$)`;
  const suffix = `${d.regexExtract(full, suffixRe, 1)} AS ${q(s.suffix)}`;
  const bare = `TRIM(${d.regexReplace(full, suffixRe, '\\2')})`;
  if (s.order === 'last_comma_first') {
    const given = `TRIM(${d.regexExtract(bare, ',(.*)$', 1)})`;
    return [
      `${d.regexExtract(given, '^(\\S+)', 1)} AS ${q(s.first)}`,
      `${d.regexExtract(given, '^\\S+\\s+(.+)$', 1)} AS ${q(s.middle)}`,
      `TRIM(COALESCE(${d.regexExtract(bare, '^([^,]*),', 1)}, ${bare})) AS ${q(s.last)}`,
      suffix,
    ];
  }
  return [
    `${d.regexExtract(bare, '^(\\S+)', 1)} AS ${q(s.first)}`,
    `${d.regexExtract(bare, '^\\S+\\s+(.+)\\s+\\S+$', 1)} AS ${q(s.middle)}`,
    `${d.regexExtract(bare, '\\s(\\S+)$', 1)} AS ${q(s.last)}`,
    suffix,
  ];
}

/**
 * A row-level quality rule (config/quality_rules.yaml, `quarantine: true`; see src/quality/):
 * a row that breaks it goes to quarantine with the rule's name in the reason.
 */
export interface RowRule {
  /** The staging column (a mapped target) the rule reads. */
  column: string;
  /** SQL, TRUE when the row breaks the rule; `text` is the cleaned text, `typed` the typed value. */
  fails(text: string, typed: string): string;
  /** Start of the reason, e.g. "quality rule invalid(email):"; quality checks count rows by it. */
  label: string;
  /** End of the reason, after the column and value, e.g. "is not an email address". */
  expectation: string;
  /** Whether the reason quotes the value (a missing one has none). */
  quoteValue: boolean;
}

function ruleReason(d: Dialect, stream: StreamConfig, rule: RowRule): string {
  const i = stream.columns.findIndex((c) => c.target === rule.column);
  const c = stream.columns[i];
  if (!c) throw new Error(`row-level rule on "${rule.column}", which is not a mapped column of the stream`);
  const x = d.quoteIdent(`c${i}`);
  const message = rule.quoteValue
    ? d.concat([d.stringLiteral(`${rule.label} ${c.source} '`), x, d.stringLiteral(`' ${rule.expectation}; `)])
    : d.stringLiteral(`${rule.label} ${c.source} ${rule.expectation}; `);
  return `CASE WHEN ${rule.fails(x, typed(d, c, x))} THEN ${message} ELSE '' END`;
}

/**
 * Typed rows of raw batches in (after, upTo], each with `_invalid_reason` (NULL when the row
 * is fine). Column order is stagingColumnDefs() plus the reason. Row-level quality rules add
 * their reasons after the typing ones (without rules the SQL is what it always was).
 */
export function typedSelect(d: Dialect, stream: StreamConfig, rawTable: string, after: number, upTo: number, rowRules: readonly RowRule[] = []): string {
  const q = (c: string) => d.quoteIdent(c);
  const lineage = '_batch_id, _source_file, _source_row';
  const cleanCols = stream.columns.map((c, i) => `${cleaned(d, c)} AS ${q(`c${i}`)}`);
  if (stream.split_name) cleanCols.push(`${q(stream.split_name.source)} AS ${q('_full_name')}`);
  const typedCols = stream.columns.map((c, i) => `${d.cast(typed(d, c, q(`c${i}`)), c.type)} AS ${q(c.target)}`);
  const reasons = stream.columns.flatMap((c, i) => {
    const x = q(`c${i}`);
    const checks: string[] = [];
    if (stream.key.includes(c.target)) checks.push(`CASE WHEN ${x} IS NULL THEN ${d.stringLiteral(`${c.source}: key is missing; `)} ELSE '' END`);
    if (c.type !== 'text' && c.on_invalid === 'quarantine') {
      const message = d.concat([d.stringLiteral(`${c.source}: '`), x, d.stringLiteral(`' is not ${expectation(c)}; `)]);
      checks.push(`CASE WHEN ${x} IS NOT NULL AND ${typed(d, c, x)} IS NULL THEN ${message} ELSE '' END`);
    }
    return checks;
  });
  reasons.push(...rowRules.map((r) => ruleReason(d, stream, r)));
  const reason = reasons.length ? `NULLIF(${d.concat(reasons)}, '')` : d.cast('NULL', 'text');
  return (
    `SELECT ${[...typedCols, ...splitNameColumns(d, stream, q('_full_name'))].join(',\n  ')},\n` +
    `  ${lineage},\n  ${reason} AS _invalid_reason\n` +
    `FROM (SELECT ${cleanCols.join(', ')}, ${lineage}\n` +
    `      FROM ${rawTable} WHERE _batch_id > ${after} AND _batch_id <= ${upTo}) AS cleaned`
  );
}

/** Order that picks a key's current row: latest watermark, then latest batch and row. */
export function currentRowOrder(d: Dialect, stream: StreamConfig): string[] {
  const wm = stream.watermark ? [`${d.quoteIdent(stream.watermark)} DESC NULLS LAST`] : [];
  return [...wm, '_batch_id DESC', '_source_row DESC'];
}

/** MERGE condition: the incoming row is at least as current as the one staged. */
export function newerThanStaged(d: Dialect, stream: StreamConfig): string {
  const byBatch = '(s._batch_id > t._batch_id OR (s._batch_id = t._batch_id AND s._source_row >= t._source_row))';
  if (!stream.watermark) return byBatch;
  const w = d.quoteIdent(stream.watermark);
  return `(t.${w} IS NULL OR s.${w} > t.${w} OR (s.${w} = t.${w} AND ${byBatch}))`;
}
