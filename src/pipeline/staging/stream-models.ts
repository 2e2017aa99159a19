// One incremental staging model per source stream, generated from its mapping: the schema
// registry is the only place a source is described, so a new source needs YAML only.
import type { SourcesFile, StreamConfig } from '../../config/sources-schema.js';
import type { Dialect } from '../../dialect/dialect.js';
import { qualified } from '../meta-tables.js';
import type { BatchRange, Model } from '../models/model.js';
import { rawTableName } from '../raw-tables.js';
import { currentRowOrder, newerThanStaged, type RowRule, stagingColumnDefs, typedSelect } from './stream-sql.js';

export function stagingTableName(source: string, stream: string): string {
  return `staging.${source}__${stream}`;
}

export interface StreamEntry {
  source: string;
  stream: string;
  config: StreamConfig;
}

export function streamEntries(sources: SourcesFile): StreamEntry[] {
  return Object.entries(sources.sources).flatMap(([source, s]) => Object.entries(s.streams).map(([stream, config]) => ({ source, stream, config })));
}

/** Row-level quality rules of a stream (none by default). */
export type RowRulesOf = (source: string, stream: string) => readonly RowRule[];

export function streamModel(d: Dialect, entry: StreamEntry, rowRules: readonly RowRule[] = []): Model {
  const { source, stream, config } = entry;
  const raw = rawTableName(source, stream);
  const rawName = `${raw.schema}.${raw.name}`;
  const columns = stagingColumnDefs(config);
  const list = columns.map(([c]) => d.quoteIdent(c)).join(', ');
  return {
    name: stagingTableName(source, stream),
    deps: [rawName],
    origin: `config/sources.yaml: ${source}.${stream} (mapping ${config.mapping_version})`,
    config: {
      materialized: 'incremental',
      unique_key: config.key,
      current_first: currentRowOrder(d, config),
      update_when: newerThanStaged(d, config),
    },
    columns,
    prepare: { select: (r: BatchRange) => typedSelect(d, config, qualified(d, rawName), r.after, r.upTo, rowRules), rejectColumn: '_invalid_reason' },
    render: (_r, prepared) => `SELECT ${list} FROM ${prepared} WHERE _invalid_reason IS NULL`,
    quarantine: {
      source,
      stream,
      select: (prepared) =>
        `SELECT _batch_id AS batch_id, _source_file AS source_file, _source_row AS source_row, _invalid_reason AS reason FROM ${prepared} WHERE _invalid_reason IS NOT NULL`,
    },
  };
}

export function streamModels(d: Dialect, sources: SourcesFile, rowRulesOf: RowRulesOf = () => []): Model[] {
  return streamEntries(sources).map((e) => streamModel(d, e, rowRulesOf(e.source, e.stream)));
}
