// The two standard shapes every source feeds: staging.person_records and staging.events.
// Each is a SQL model file (sql/staging/) whose body is a UNION ALL over the staging streams
// that declare a `person:` or `events:` mapping; these macros write that union.
import type { SourcesFile, ValueRef } from '../../config/sources-schema.js';
import { eventFields, personFields } from '../../config/sources-schema.js';
import type { Dialect, LogicalType } from '../../dialect/dialect.js';
import type { MacroFactory } from '../models/sql-templates.js';
import { stagingTableName, streamEntries } from './stream-models.js';

const personTypes: Partial<Record<(typeof personFields)[number], LogicalType>> = {
  birth_date: 'date',
  created_at: 'timestamp',
  updated_at: 'timestamp',
};
const eventTypes: Partial<Record<(typeof eventFields)[number], LogicalType>> = {
  event_timestamp: 'timestamp',
  amount: 'decimal',
  updated_at: 'timestamp',
};

function value(d: Dialect, ref: ValueRef | undefined, type: LogicalType): string {
  if (ref === undefined) return d.cast('NULL', type);
  if (typeof ref === 'string') return d.cast(d.quoteIdent(ref), type);
  return d.cast(d.stringLiteral(ref.const), type);
}

/** Every extra identifier any source declares, so the union has one column set. */
export function extraIdentifierNames(sources: SourcesFile): string[] {
  const names = streamEntries(sources).flatMap((e) => Object.keys(e.config.person?.extra_identifiers ?? {}));
  return [...new Set(names)].sort();
}

function personSelects(d: Dialect, sources: SourcesFile, ref: (n: string) => string, range: string): string[] {
  const extras = extraIdentifierNames(sources);
  return streamEntries(sources)
    .filter((e) => e.config.person)
    .map(({ source, stream, config }) => {
      const p = config.person!;
      const cols = [
        `${d.stringLiteral(source)} AS source_system`,
        `${d.stringLiteral(stream)} AS source_stream`,
        `${d.cast(d.quoteIdent(p.record_id), 'text')} AS source_record_id`,
        ...personFields.map((f) => `${value(d, p.fields[f], personTypes[f] ?? 'text')} AS ${d.quoteIdent(f)}`),
        ...extras.map((x) => `${value(d, p.extra_identifiers[x], 'text')} AS ${d.quoteIdent(x)}`),
        '_batch_id',
      ];
      return `SELECT ${cols.join(', ')}\nFROM ${ref(stagingTableName(source, stream))} WHERE ${range}`;
    });
}

function eventSelects(d: Dialect, sources: SourcesFile, ref: (n: string) => string, range: string): string[] {
  return streamEntries(sources).flatMap(({ source, stream, config }) =>
    config.events.map((e, i) => {
      const ts = value(d, e.fields.event_timestamp, 'timestamp');
      const id = d.cast(d.quoteIdent(e.event_id), 'text');
      const cols = [
        `${d.stringLiteral(source)} AS source_system`,
        `${d.stringLiteral(stream)} AS source_stream`,
        // One source row can yield several events (a send and its open): the mapping index keeps ids unique.
        `${d.concat([d.stringLiteral(`${stream}:${i}:`), id])} AS event_id`,
        `${id} AS source_event_id`,
        `${d.cast(d.quoteIdent(e.record_id), 'text')} AS source_record_id`,
        ...eventFields.map((f) => `${value(d, e.fields[f], eventTypes[f] ?? 'text')} AS ${d.quoteIdent(f)}`),
        `${d.cast(ts, 'date')} AS event_date`,
        '_batch_id',
      ];
      // An entry whose timestamp is empty on a row (e.g. never opened) yields no event for it.
      return `SELECT ${cols.join(', ')}\nFROM ${ref(stagingTableName(source, stream))} WHERE ${range} AND ${ts} IS NOT NULL`;
    }),
  );
}

function union(selects: string[], empty: string): string {
  return selects.length ? selects.join('\nUNION ALL\n') : empty;
}

/** The shape with no rows, for a project where no stream maps into it (later steps still read it). */
function emptyShape(d: Dialect, columns: [string, LogicalType][]): string {
  return `SELECT ${columns.map(([c, t]) => `${d.cast('NULL', t)} AS ${d.quoteIdent(c)}`).join(', ')} WHERE 1 = 0`;
}

const keyColumns = (...names: string[]): [string, LogicalType][] => names.map((n) => [n, 'text']);

function emptyPersonRecords(d: Dialect, sources: SourcesFile): string {
  return emptyShape(d, [
    ...keyColumns('source_system', 'source_stream', 'source_record_id'),
    ...personFields.map((f): [string, LogicalType] => [f, personTypes[f] ?? 'text']),
    ...keyColumns(...extraIdentifierNames(sources)),
    ['_batch_id', 'bigint'],
  ]);
}

function emptyEvents(d: Dialect): string {
  return emptyShape(d, [
    ...keyColumns('source_system', 'source_stream', 'event_id', 'source_event_id', 'source_record_id'),
    ...eventFields.map((f): [string, LogicalType] => [f, eventTypes[f] ?? 'text']),
    ['event_date', 'date'],
    ['_batch_id', 'bigint'],
  ]);
}

export function standardShapeMacros(sources: SourcesFile): MacroFactory {
  return ({ ref, range, dialect: d }) => {
    const r = `_batch_id > ${range.after} AND _batch_id <= ${range.upTo}`;
    return {
      person_records_union: () => union(personSelects(d, sources, ref, r), emptyPersonRecords(d, sources)),
      events_union: () => union(eventSelects(d, sources, ref, r), emptyEvents(d)),
    };
  };
}
