// Bookkeeping tables the pipeline writes: batches, watermarks, runs and model state, plus the
// quarantine of rows that could not be typed. Created idempotently before every run.
import type { Dialect, LogicalType } from '../dialect/dialect.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export const layerSchemas = ['raw', 'staging', 'meta', 'quality', 'privacy'] as const;

type Columns = [name: string, type: LogicalType][];

export const metaTables: Record<string, Columns> = {
  // One batch: the new files of one stream landed by one run.
  'meta.batches': [
    ['batch_id', 'bigint'],
    ['run_id', 'text'],
    ['source', 'text'],
    ['stream', 'text'],
    ['files', 'bigint'],
    ['status', 'text'], // loading | loaded | abandoned
    ['rows_landed', 'bigint'],
    ['rows_rejected', 'bigint'],
    ['watermark_after', 'text'],
    ['max_watermark', 'text'],
    ['started_at', 'timestamp'],
    ['finished_at', 'timestamp'],
  ],
  'meta.batch_files': [
    ['batch_id', 'bigint'],
    ['source', 'text'],
    ['stream', 'text'],
    ['source_file', 'text'],
    ['file_sha256', 'text'],
    ['file_bytes', 'bigint'],
    ['file_mtime', 'text'], // with path and size: lets a later run skip re-hashing an unchanged file
    ['rows_landed', 'bigint'],
    ['rows_rejected', 'bigint'],
  ],
  'meta.watermarks': [
    ['source', 'text'],
    ['stream', 'text'],
    ['watermark_column', 'text'],
    ['last_value', 'text'],
    ['updated_at', 'timestamp'],
  ],
  'meta.runs': [
    ['run_id', 'text'],
    ['command', 'text'],
    ['status', 'text'], // running | succeeded | failed | interrupted (its process died: crash-recovery.ts)
    ['warehouse', 'text'],
    ['started_at', 'timestamp'],
    ['finished_at', 'timestamp'],
    ['error', 'text'],
  ],
  'meta.run_steps': [
    ['run_id', 'text'],
    ['step', 'text'],
    ['status', 'text'],
    ['rows', 'bigint'],
    ['bytes', 'bigint'],
    ['started_at', 'timestamp'],
    ['finished_at', 'timestamp'],
    ['duration_ms', 'bigint'],
    ['detail', 'text'],
  ],
  'meta.audit_log': [
    ['at', 'timestamp'],
    ['run_id', 'text'],
    ['actor', 'text'],
    ['action', 'text'],
    ['detail', 'text'],
  ],
  // Incremental models remember the last batch they consumed (see pipeline/models/materialize.ts).
  'meta.model_state': [
    ['model', 'text'],
    ['last_batch_id', 'bigint'],
    ['updated_at', 'timestamp'],
    ['fingerprint', 'text'], // steps that rebuild from several inputs (identity resolution) record what they saw
  ],
  // The published state kept after each run that published (src/publish/, docs/snapshots.md):
  // one row per table, written in one INSERT once every table is kept.
  'meta.snapshots': [
    ['run_id', 'text'],
    ['table_name', 'text'], // schema.table, or meta.model_state for the resolve and derived state rows
    ['method', 'text'], // copy | clone | delta_version | rows
    ['location', 'text'], // the copy or clone (schema.table), the Delta version, or the rows as JSON
    ['row_count', 'bigint'],
    ['bytes', 'bigint'],
    ['created_at', 'timestamp'],
  ],
  // Privacy requests (src/privacy/, docs/privacy.md): the register of exports and erasures, and
  // the suppression list that keeps erased people out of later loads. Neither holds plain PII.
  'privacy.requests': [
    ['request_id', 'text'],
    ['action', 'text'], // export | erase
    ['status', 'text'], // completed | already_erased
    ['lookup', 'text'], // email | constituent
    ['subject_hash', 'text'], // SHA-256 of the normalised email or of the constituent id asked for
    ['reason', 'text'],
    ['actor', 'text'],
    ['run_id', 'text'],
    ['requested_at', 'timestamp'],
    ['detail', 'text'], // JSON: rows per table
  ],
  'privacy.suppression_list': [
    ['request_id', 'text'],
    ['kind', 'text'], // email | phone | record | constituent
    ['value_hash', 'text'], // SHA-256 of the normalised value (record: "source_system:source_record_id")
    ['added_by', 'text'], // erase | landing (a record found later by a suppressed email or phone)
    ['added_at', 'timestamp'],
  ],
  'quality.quarantine': [
    ['layer', 'text'],
    ['source', 'text'],
    ['stream', 'text'],
    ['batch_id', 'bigint'],
    ['source_file', 'text'],
    ['source_row', 'bigint'],
    ['reason', 'text'],
    ['record', 'text'],
    ['quarantined_at', 'timestamp'],
  ],
  // One row per quality check per run (config/quality_rules.yaml; src/quality/).
  'quality.check_results': [
    ['run_id', 'text'],
    ['checked_at', 'timestamp'],
    ['layer', 'text'], // staging | golden | marts
    ['table_name', 'text'],
    ['check_name', 'text'],
    ['check_type', 'text'], // row_count | missing | invalid | duplicate | freshness | reference | schema | sql
    ['column_name', 'text'],
    ['outcome', 'text'], // pass | warn | fail
    ['measured', 'double'], // rows, hours (freshness) or problems (schema)
    ['measured_percent', 'double'],
    ['failing_rows', 'bigint'],
    ['total_rows', 'bigint'],
    ['warn_threshold', 'text'],
    ['fail_threshold', 'text'],
    ['detail', 'text'],
  ],
  // The columns each schema check saw last, for drift.
  'quality.schema_snapshots': [
    ['table_name', 'text'],
    ['columns', 'text'], // JSON [[name, engine type], ...]
    ['run_id', 'text'],
    ['seen_at', 'timestamp'],
  ],
};

export function splitName(qualified: string): { schema: string; name: string } {
  const [schema, name] = qualified.split('.');
  if (!schema || !name) throw new Error(`expected schema.table, got "${qualified}"`);
  return { schema, name };
}

export function qualified(d: Dialect, name: string): string {
  const t = splitName(name);
  return d.table(t.schema, t.name);
}

export function createTableSql(d: Dialect, name: string, columns: Columns): string {
  return d.createTable(qualified(d, name), columns, true);
}

/** Creates the bookkeeping tables, and adds columns a newer version of cpm-unify introduced. */
export async function ensureMetaTables(wh: Warehouse): Promise<void> {
  const d = wh.dialect;
  for (const s of layerSchemas) await wh.execute(d.createSchema(s));
  for (const [name, cols] of Object.entries(metaTables)) {
    const existing = await wh.columns(splitName(name));
    if (!existing.length) {
      await wh.execute(createTableSql(d, name, cols));
      continue;
    }
    for (const [c, t] of cols.filter(([c]) => !existing.includes(c))) {
      await wh.execute(`ALTER TABLE ${qualified(d, name)} ADD COLUMN ${d.quoteIdent(c)} ${d.type(t)}`);
    }
  }
}
