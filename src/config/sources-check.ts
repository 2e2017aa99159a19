// Cross-field checks of sources.yaml that a schema cannot express: every column the key,
// watermark, person and event mappings name must be a staging column the stream defines.
import { walkStrftime } from '../dialect/strftime.js';
import type { ColumnMapping, ColumnType, SourcesFile, StreamConfig } from './sources-schema.js';

export interface SourceProblem {
  path: (string | number)[];
  message: string;
}

/** A stream's staging columns and their types: the mapped targets, then split-name parts. */
export function stagingColumns(stream: StreamConfig): [name: string, type: ColumnType][] {
  const cols: [string, ColumnType][] = stream.columns.map((c) => [c.target, c.type]);
  const s = stream.split_name;
  if (s) cols.push([s.first, 'text'], [s.middle, 'text'], [s.last, 'text'], [s.suffix, 'text']);
  return cols;
}

export function checkSources(file: SourcesFile): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const [sourceName, source] of Object.entries(file.sources)) {
    for (const [streamName, stream] of Object.entries(source.streams)) {
      const base = ['sources', sourceName, 'streams', streamName];
      const columns = stagingColumns(stream);
      const known = columns.map(([c]) => c);
      const types = new Map(columns);
      const need = (column: string, path: (string | number)[], what: string) => {
        if (!known.includes(column)) {
          problems.push({ path: [...base, ...path], message: `${what} "${column}" is not a staging column of ${sourceName}.${streamName}; defined: ${known.join(', ')}` });
        }
      };
      const seen = new Set<string>();
      stream.columns.forEach((c, i) => {
        if (seen.has(c.target)) problems.push({ path: [...base, 'columns', i, 'target'], message: `target "${c.target}" is mapped twice` });
        seen.add(c.target);
        const format = formatProblem(c);
        if (format) problems.push({ path: [...base, 'columns', i, 'format'], message: format });
      });
      stream.key.forEach((k, i) => need(k, ['key', i], 'key column'));
      if (stream.watermark) {
        need(stream.watermark, ['watermark'], 'watermark column');
        const t = types.get(stream.watermark);
        if (t && t !== 'timestamp' && t !== 'date') {
          problems.push({ path: [...base, 'watermark'], message: `watermark "${stream.watermark}" must be a date or timestamp column, not ${t}` });
        }
      }
      if (stream.person) {
        need(stream.person.record_id, ['person', 'record_id'], 'person record_id');
        for (const [field, ref] of Object.entries(stream.person.fields)) {
          if (typeof ref === 'string') need(ref, ['person', 'fields', field], `person field ${field}`);
        }
        for (const [name, col] of Object.entries(stream.person.extra_identifiers)) need(col, ['person', 'extra_identifiers', name], `identifier ${name}`);
      }
      stream.events.forEach((e, i) => {
        need(e.event_id, ['events', i, 'event_id'], 'event_id');
        need(e.record_id, ['events', i, 'record_id'], 'record_id');
        for (const [field, ref] of Object.entries(e.fields)) {
          if (typeof ref === 'string') need(ref, ['events', i, 'fields', field], `event field ${field}`);
        }
      });
    }
  }
  return problems;
}

/** A date or timestamp format every engine can read: known strftime directives, and at least one
 * (a format without any, like "yyyy-mm-dd", would make every value of the column invalid). */
function formatProblem(c: ColumnMapping): string | undefined {
  if (!c.format || (c.type !== 'date' && c.type !== 'timestamp')) return undefined;
  let directives = 0;
  try {
    walkStrftime(c.format, () => directives++, () => undefined);
  } catch (e) {
    return `${(e as Error).message}`;
  }
  if (!directives) return `date format "${c.format}" has no %-directive: write it in strftime form, e.g. "%Y-%m-%d" for 2024-01-31 or "%m/%d/%Y %H:%M" for 01/31/2024 09:30`;
  return undefined;
}
