// For one golden record: which source record supplied each canonical field, and where that record
// came from (source system and stream, raw table, batch). Survivorship writes the supplying
// record of each field group into golden.constituents.<group>_source_record.
import { UsageError } from '../errors/cpm-error.js';
import { qualified } from '../pipeline/meta-tables.js';
import { rawTableName } from '../pipeline/raw-tables.js';
import { currentIds } from '../privacy/constituent-history.js';
import type { Row, Warehouse } from '../warehouse/warehouse.js';

const fieldGroups: Record<string, string[]> = {
  email: ['canonical_email'],
  name: ['canonical_first_name', 'canonical_last_name'],
  address: ['canonical_address_line1', 'canonical_address_line2', 'canonical_city', 'canonical_state', 'canonical_zip', 'canonical_country'],
  phone: ['canonical_phone'],
};

export interface FieldProvenance {
  field: string;
  value: Record<string, unknown>;
  /** Null when no linked record has the field. */
  source: { record: string; source_system: string; source_stream: string; source_record_id: string; raw_table: string; batch_id: number; files: string[] } | null;
}

export interface ConstituentProvenance {
  constituent_id: string;
  /** Set when the id asked for was merged or split into this one. */
  asked_for?: string;
  fields: FieldProvenance[];
}

export async function constituentProvenance(wh: Warehouse, id: string): Promise<ConstituentProvenance> {
  const d = wh.dialect;
  const current = await currentId(wh, id);
  const [row] = await wh.query(`SELECT * FROM ${qualified(d, 'golden.constituents')} WHERE constituent_id = ${d.stringLiteral(current)}`);
  if (!row) throw new UsageError(`no golden constituent "${id}"`, 'list constituent ids with a query on golden.constituents, or check `cpm status` that resolve has run');
  const fields: FieldProvenance[] = [];
  for (const [field, columns] of Object.entries(fieldGroups)) {
    const value = Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
    const record = row[`${field}_source_record`];
    fields.push({ field, value, source: typeof record === 'string' ? await recordOrigin(wh, record) : null });
  }
  return { constituent_id: current, ...(current !== id ? { asked_for: id } : {}), fields };
}

/** The id itself, or the one it became through merges (privacy/constituent-history.ts follows the
 * same history); a split into several people is named, not guessed. */
async function currentId(wh: Warehouse, id: string): Promise<string> {
  const ids = await currentIds(wh, id);
  if (ids.length > 1) throw new UsageError(`constituent "${id}" was split into ${ids.join(', ')}`, 'ask about one of those ids');
  return ids[0] ?? id;
}

async function recordOrigin(wh: Warehouse, record: string): Promise<FieldProvenance['source']> {
  const d = wh.dialect;
  const [rec]: Row[] = await wh.query(
    `SELECT source_system, source_stream, source_record_id, _batch_id FROM ${qualified(d, 'staging.person_records')} WHERE ${d.concat(['source_system', "':'", 'source_record_id'])} = ${d.stringLiteral(record)}`,
  );
  if (!rec) return null;
  const raw = rawTableName(String(rec['source_system']), String(rec['source_stream']));
  const files = await wh.query(`SELECT source_file FROM ${qualified(d, 'meta.batch_files')} WHERE batch_id = ${Number(rec['_batch_id'])} ORDER BY source_file`);
  return {
    record,
    source_system: String(rec['source_system']),
    source_stream: String(rec['source_stream']),
    source_record_id: String(rec['source_record_id']),
    raw_table: `${raw.schema}.${raw.name}`,
    batch_id: Number(rec['_batch_id']),
    files: files.map((f) => String(f['source_file'])),
  };
}
