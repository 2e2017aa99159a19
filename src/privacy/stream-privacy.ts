// What a privacy request needs to know about each source stream, read from config/sources.yaml:
// which raw columns hold personal data, and which columns name the person record a row belongs
// to. The rule (docs/privacy.md): a column is personal when the stream's `person:` mapping sends
// it to a personal field (names, email, phone, address, birth date), when it is an extra
// identifier or the full-name column a name is split from, or when it says `personal: true`.
// Record ids are kept: they are the source system's own keys, pseudonymous once the personal
// columns are gone, and lineage and reconciliation need them.
import type { ColumnMapping, SourcesFile, StreamConfig } from '../config/sources-schema.js';
import { personFields } from '../config/sources-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import { rawTableName } from '../pipeline/raw-tables.js';
import { stagedValue } from '../pipeline/staging/stream-sql.js';
import { stagingTableName, streamEntries } from '../pipeline/staging/stream-models.js';
import type { TableRef } from '../warehouse/warehouse.js';

/** Person fields that do not identify anyone. Every other person field is personal, so a field
 * added to the mappings later is erased unless it is listed here. */
const notIdentifying: ReadonlyArray<(typeof personFields)[number]> = ['phone_type', 'country', 'created_at', 'updated_at'];

/** The person fields that identify someone. */
export const personalFields = personFields.filter((f) => !notIdentifying.includes(f));

export interface StreamPrivacy {
  source: string;
  stream: string;
  /** The raw table, quoted, and its name as `raw.<source>__<stream>`. */
  raw: TableRef;
  rawTable: string;
  rawName: string;
  /** staging.<source>__<stream> */
  stagingName: string;
  /** Raw (source) column names whose values are personal. */
  personalColumns: string[];
  /** Mapped columns naming a person record of this source: the person mapping's record_id and
   * each events mapping's record_id, without repeats. */
  recordColumns: ColumnMapping[];
  /** Person streams: the record id, and the mapped email and phone columns when they are columns. */
  personRecord?: ColumnMapping;
  email?: ColumnMapping;
  phone?: ColumnMapping;
}

function column(stream: StreamConfig, target: string): ColumnMapping | undefined {
  return stream.columns.find((c) => c.target === target);
}

export function personalColumns(stream: StreamConfig): string[] {
  const p = stream.person;
  const targets = new Set<string>();
  for (const f of personalFields) {
    const ref = p?.fields[f];
    if (typeof ref === 'string') targets.add(ref);
  }
  for (const x of Object.values(p?.extra_identifiers ?? {})) targets.add(x);
  const recordIds = new Set([p?.record_id, ...stream.events.map((e) => e.record_id)]);
  return stream.columns
    .filter((c) => (targets.has(c.target) || c.personal === true || c.source === stream.split_name?.source) && !recordIds.has(c.target))
    .map((c) => c.source);
}

export function streamPrivacy(d: Dialect, sources: SourcesFile): StreamPrivacy[] {
  return streamEntries(sources).map(({ source, stream, config }) => {
    const raw = rawTableName(source, stream);
    const ids = [config.person?.record_id, ...config.events.map((e) => e.record_id)].filter((x): x is string => !!x);
    const recordColumns = [...new Set(ids)].map((t) => column(config, t)).filter((c): c is ColumnMapping => !!c);
    const ref = (f: 'email' | 'phone') => {
      const r = config.person?.fields[f];
      return typeof r === 'string' ? column(config, r) : undefined;
    };
    return {
      source,
      stream,
      raw,
      rawTable: d.table(raw.schema, raw.name),
      rawName: `${raw.schema}.${raw.name}`,
      stagingName: stagingTableName(source, stream),
      personalColumns: personalColumns(config),
      recordColumns,
      personRecord: config.person ? column(config, config.person.record_id) : undefined,
      email: ref('email'),
      phone: ref('phone'),
    };
  });
}

/** "source_system:source_record_id", identity's record_key, from a text expression of the id. */
export function recordKeySql(d: Dialect, source: string, idText: string): string {
  return d.concat([d.stringLiteral(`${source}:`), idText]);
}

/** The record key a raw row names through one of its record columns, typed as staging types it. */
export function rawRecordKey(d: Dialect, s: StreamPrivacy, c: ColumnMapping): string {
  return recordKeySql(d, s.source, d.cast(stagedValue(d, c), 'text'));
}

/** The same key read from the stream's staging table. */
export function stagedRecordKey(d: Dialect, s: StreamPrivacy, c: ColumnMapping): string {
  return recordKeySql(d, s.source, d.cast(d.quoteIdent(c.target), 'text'));
}
