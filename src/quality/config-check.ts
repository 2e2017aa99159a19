// Cross-field checks of quality_rules.yaml that a schema cannot express, reported at the line of
// the check: unique names per table, thresholds that fit the kind, and, for the tables generated
// from sources.yaml (raw.* and staging.<source>__<stream>), that the stream and columns exist.
// Row-level rules must compile into the staging SQL, so they are checked strictly here.
import type { ColumnType, SourcesFile } from '../config/sources-schema.js';
import { lineageColumns } from '../pipeline/raw-tables.js';
import { stagingColumnDefs } from '../pipeline/staging/stream-sql.js';
import { streamEntries } from '../pipeline/staging/stream-models.js';
import type { CheckSpec } from './check-specs.js';

export interface QualityProblem {
  path: (string | number)[];
  message: string;
}

interface KnownTable {
  columns: Map<string, ColumnType | 'bigint'>;
  /** Mapped staging columns a row-level rule can read (split-name parts and lineage cannot). */
  mapped?: Set<string>;
}

/** The tables sources.yaml defines, with their columns. */
export function streamTables(sources: SourcesFile): Map<string, KnownTable> {
  const tables = new Map<string, KnownTable>();
  for (const { source, stream, config } of streamEntries(sources)) {
    const staging = new Map(stagingColumnDefs(config).map(([c, t]) => [c, t as ColumnType | 'bigint']));
    tables.set(`staging.${source}__${stream}`, { columns: staging, mapped: new Set(config.columns.map((c) => c.target)) });
    const raw = new Map<string, ColumnType | 'bigint'>(config.columns.map((c) => [c.source, 'text']));
    for (const [c, t] of lineageColumns) raw.set(c, t === 'bigint' ? 'bigint' : t === 'timestamp' ? 'timestamp' : 'text');
    tables.set(`raw.${source}__${stream}`, { columns: raw });
  }
  return tables;
}

const isStreamTable = (table: string) => /^(raw|staging)\.[a-z0-9_]+__[a-z0-9_]+$/.test(table);

export function checkQualityRules(specs: CheckSpec[], sources: SourcesFile): QualityProblem[] {
  const problems: QualityProblem[] = [];
  const known = streamTables(sources);
  const seen = new Set<string>();
  for (const s of specs) {
    const problem = (message: string, ...sub: (string | number)[]) => problems.push({ path: [...s.path, ...sub], message });
    const key = `${s.table}\u0000${s.name}`;
    if (seen.has(key)) problem(`${s.table} has two checks named "${s.name}": give one a \`name:\``);
    seen.add(key);
    checkThresholds(s, problem);
    if ('regex' in s.config && s.config.regex) {
      try {
        new RegExp(s.config.regex);
      } catch (e) {
        problem(`regex: ${(e as Error).message}`, 'regex');
      }
    }
    const table = known.get(s.table);
    if (s.quarantine && !(table?.mapped && s.table.startsWith('staging.'))) {
      problem(`quarantine: true is for staging.<source>__<stream> tables (row-level rules run while staging); ${s.table} is not one`, 'quarantine');
    }
    if (isStreamTable(s.table) && !table) {
      problem(`${s.table}: no such stream in config/sources.yaml; streams: ${[...known.keys()].filter((t) => t.startsWith(s.table.split('.')[0]!)).join(', ')}`);
      continue;
    }
    if (!table) continue;
    for (const c of columnsNamed(s)) {
      if (!table.columns.has(c)) problem(`${s.table} has no column "${c}"; columns: ${[...table.columns.keys()].join(', ')}`);
    }
    if (s.quarantine && s.column && table.mapped && table.columns.has(s.column) && !table.mapped.has(s.column)) {
      problem(`a row-level rule reads a column mapped under \`columns:\` in sources.yaml; "${s.column}" is derived (split name or lineage)`);
    }
    if ('invalid' in s.config) checkBounds(s, table.columns.get(s.config.invalid), problem);
    if ('freshness' in s.config) {
      const type = table.columns.get(s.config.freshness);
      if (type && type !== 'date' && type !== 'timestamp') problem(`freshness needs a date or timestamp column; "${s.config.freshness}" of ${s.table} is ${type}${s.table.startsWith('raw.') ? ' (raw keeps source columns as text: check the staging column, or raw\'s _loaded_at)' : ''}`);
    }
    if ('reference' in s.config) {
      const target = known.get(s.config.to);
      const field = s.config.field ?? s.config.reference;
      if (isStreamTable(s.config.to) && !target) problem(`to: ${s.config.to} is not a table sources.yaml defines`, 'to');
      else if (target && !target.columns.has(field)) problem(`${s.config.to} has no column "${field}"`, s.config.field ? 'field' : 'to');
    }
  }
  return problems;
}

function columnsNamed(s: CheckSpec): string[] {
  const c = s.config;
  if ('duplicate' in c) return Array.isArray(c.duplicate) ? c.duplicate : [c.duplicate];
  if ('schema' in c) return [];
  return s.column ? [s.column] : [];
}

function checkThresholds(s: CheckSpec, problem: (message: string, ...sub: (string | number)[]) => void): void {
  for (const level of ['warn', 'fail'] as const) {
    const t = s[level];
    if (!t) continue;
    if (s.kind === 'freshness' && t.unit !== 'hours') problem(`a freshness threshold is an age: "${t.text}" needs a unit m, h or d (e.g. "> 2d")`, level);
    if (s.kind !== 'freshness' && t.unit === 'hours') problem(`"${t.text}" is a duration; only freshness checks take one`, level);
    if (s.kind === 'row_count' && t.unit === 'percent') problem(`a row count has no percentage; write a number of rows, e.g. "< 100"`, level);
  }
}

function checkBounds(s: CheckSpec, type: ColumnType | 'bigint' | undefined, problem: (message: string, ...sub: (string | number)[]) => void): void {
  if (!type || !('invalid' in s.config)) return;
  for (const key of ['min', 'max'] as const) {
    const bound = s.config[key];
    if (bound === undefined) continue;
    const numeric = type === 'integer' || type === 'decimal' || type === 'bigint';
    const temporal = type === 'date' || type === 'timestamp';
    if (typeof bound === 'number' ? !numeric : !temporal) {
      problem(`${key}: ${bound} cannot bound the ${type} column "${s.config.invalid}"; ${numeric ? 'use a number' : temporal ? 'use a date, now or today' : 'ranges apply to numbers, dates and timestamps'}`, key);
    }
  }
}
