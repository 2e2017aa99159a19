// Raw is append-only: cpm never updates or deletes a landed row, with one documented exception,
// a privacy erasure. The person's raw rows stay (so batch counts and reconciliation still add
// up) with their lineage columns, keys and non-personal fields; each personal column (see
// stream-privacy.ts) becomes the marker below, and an empty one stays empty. Each redacted row
// also gets a staging-layer quarantine entry saying why staging holds nothing for it.
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { nowText } from '../pipeline/run-context.js';
import { timestampLiteral } from '../pipeline/sql-values.js';
import { canonicalEmailSql, type EmailRules } from './normalized-values.js';
import { rawPersonRule, rawRule } from './person-rows.js';
import type { Scope } from './scope.js';
import { rawRecordKey, type StreamPrivacy } from './stream-privacy.js';

/** What an erased personal value reads in raw. */
export const redactionMarker = '[erased]';

export const quarantineTable = 'quality.quarantine';

/** Raw batches a statement is limited to: (after, upTo]. */
export interface BatchWindow {
  after: number;
  upTo: number;
}

const inWindow = (w?: BatchWindow, alias = '') => (w ? ` AND ${alias}_batch_id > ${w.after} AND ${alias}_batch_id <= ${w.upTo}` : '');

export interface Redaction {
  /** The raw rows to redact (the person's, not redacted yet). */
  where: string;
  statement: string;
}

/** The UPDATE that redacts the person's rows of a raw table; null when nothing there is personal. */
export function redactRaw(d: Dialect, s: StreamPrivacy, rawColumns: string[], scope: Scope, rules: EmailRules, window?: BatchWindow): Redaction | null {
  const rule = rawPersonRule(d, s, scope, rules);
  const present = s.personalColumns.filter((c) => rawColumns.includes(c));
  if (!rule || !present.length) return null;
  const marker = d.stringLiteral(redactionMarker);
  const set = present.map((c): [string, string] => [c, `CASE WHEN ${d.quoteIdent(c)} IS NULL THEN NULL ELSE ${marker} END`]);
  // Rows already redacted are left alone: a repeated erasure writes nothing.
  const pending = present.map((c) => `${d.quoteIdent(c)} <> ${marker}`).join(' OR ');
  const where = `(${rule}) AND (${pending})${inWindow(window)}`;
  return { where, statement: d.updateWhere(s.rawTable, rawColumns, set, where) };
}

/** Staging-layer quarantine rows of the person's raw rows (condition over quality.quarantine). */
export function quarantinedRule(d: Dialect, s: StreamPrivacy, scope: Scope, window?: BatchWindow): string | null {
  const rule = rawRule(d, s, scope);
  if (!rule) return null;
  const q = qualified(d, quarantineTable);
  return (
    `layer = 'staging' AND source = ${d.stringLiteral(s.source)} AND stream = ${d.stringLiteral(s.stream)} AND EXISTS (SELECT 1 FROM ${s.rawTable} AS r WHERE (${rule})${inWindow(window, 'r.')} ` +
    `AND r._batch_id = ${q}.batch_id AND r._source_file = ${q}.source_file AND r._source_row = ${q}.source_row)`
  );
}

/**
 * Replaces whatever staging said about the person's raw rows (a typing failure, say) with one
 * entry per row: 'suppressed (privacy erase <request id>)'. Reconciliation counts them as
 * quarantined, so raw = staged + quarantined + superseded still holds.
 */
export function quarantineSuppressed(d: Dialect, s: StreamPrivacy, scope: Scope, window?: BatchWindow): string[] {
  const rule = rawRule(d, s, scope);
  const existing = quarantinedRule(d, s, scope, window);
  if (!rule || !existing) return [];
  const request = `COALESCE(${s.recordColumns.map((c) => scope.requestOf(rawRecordKey(d, s, c))).join(', ')}, '?')`;
  const reason = d.concat(["'suppressed (privacy erase '", request, "')'"]);
  const columns = ['layer', 'source', 'stream', 'batch_id', 'source_file', 'source_row', 'reason', 'record', 'quarantined_at'];
  return [
    d.deleteWhere(qualified(d, quarantineTable), existing),
    `INSERT INTO ${qualified(d, quarantineTable)} (${columns.join(', ')}) ` +
      `SELECT 'staging', ${d.stringLiteral(s.source)}, ${d.stringLiteral(s.stream)}, _batch_id, _source_file, _source_row, ${reason}, ` +
      `${d.cast('NULL', 'text')}, ${timestampLiteral(d, nowText())} FROM ${s.rawTable} WHERE (${rule})${inWindow(window)}`,
  ];
}

/** An address inside a line of text (the first one), for lines the file reader rejected. */
const addressInText = '([^[:space:],;|"<>]+@[^[:space:],;|"<>]+)';

/**
 * Lines of new batches the file reader rejected (kept whole in quarantine) whose first address
 * is a suppressed email: only hashes are on the list, so the address is cut out and hashed.
 */
export function redactRejectedLines(d: Dialect, quarantineColumns: string[], scope: Scope, rules: EmailRules, window: BatchWindow): Redaction {
  const email = canonicalEmailSql(d, d.regexExtract('record', addressInText, 1), rules);
  const where = `layer = 'raw' AND batch_id > ${window.after} AND batch_id <= ${window.upTo} AND record <> ${d.stringLiteral(redactionMarker)} AND ${scope.email(email)}`;
  return { where, statement: d.updateWhere(qualified(d, quarantineTable), quarantineColumns, [['record', d.stringLiteral(redactionMarker)]], where) };
}

/** Lines the file reader rejected (kept whole in quarantine) that hold one of the emails. */
export function rejectedLinesRule(d: Dialect, writtenEmails: string[]): string | null {
  if (!writtenEmails.length) return null;
  // LIKE with '!' escaping: '_' is common in addresses and must not match any character.
  const like = (v: string) => `LOWER(record) LIKE ${d.stringLiteral(`%${v.replace(/[!%_]/g, (c) => `!${c}`)}%`)} ESCAPE '!'`;
  return `layer = 'raw' AND record <> ${d.stringLiteral(redactionMarker)} AND (${writtenEmails.map(like).join(' OR ')})`;
}
