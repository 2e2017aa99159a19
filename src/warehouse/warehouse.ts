// A Warehouse is a live connection to one engine: it runs SQL the dialect wrote and bulk-loads
// files. Engine drivers are imported only below src/warehouse/.
import type { CsvOptions } from '../config/sources-schema.js';
import type { Dialect } from '../dialect/dialect.js';

/** Values come back normalised so results compare across engines: numbers as number, dates as
 * 'YYYY-MM-DD', timestamps as 'YYYY-MM-DD HH:MM:SS[.ffffff]', booleans as boolean. */
export type Row = Record<string, string | number | boolean | null>;

export interface TableRef {
  schema: string;
  name: string;
}

export interface LandingFile {
  /** Absolute path to read. */
  path: string;
  /** Path stored in `_source_file` (relative to the data directory). */
  sourceFile: string;
  /** Whether the file may hold a NUL character, when the caller has scanned it already. */
  mayHoldNul?: boolean;
}

/** Files of one stream with the same header, landed as one batch in one statement. */
export interface FileLanding {
  table: TableRef;
  files: LandingFile[];
  format: 'csv' | 'jsonl';
  csv: CsvOptions;
  /** The header the files share. */
  fileColumns: string[];
  /** Source columns of the raw table, in table order; the files may hold fewer. */
  columns: string[];
  batchId: number;
  loadedAt: string;
  /** Only rows whose watermark parses within (after, upTo] (or does not parse) are landed.
   * File exports are immutable, so their upper bound is null: the file itself is the bound. */
  watermark?: { column: string; format: string; after: string | null; upTo: string | null };
}

export interface RejectedLine {
  sourceFile: string;
  /** The record's place among the file's records: the numbering of raw's `_source_row`. */
  line: number;
  /** What is wrong, on which line of the file, and how to fix it. */
  error: string;
  /** The record's original text (bytes that do not decode shown as \xNN). */
  text: string;
}

export interface LandingResult {
  rows: number;
  rejected: RejectedLine[];
}

/** A table's state that Warehouse.restore can go back to. */
export interface TableSnapshot {
  table: TableRef;
  /** How it was kept: a zero-copy clone (Snowflake) or a table version (Delta Lake). */
  method: 'clone' | 'delta_version';
  /** Engine-specific: the clone's schema.table, or the Delta version and its commit time. */
  version: string;
}

export interface Warehouse {
  readonly dialect: Dialect;
  /** Human description of where the data lives (file path or server), no secrets. */
  readonly location: string;
  execute(sql: string): Promise<void>;
  query(sql: string): Promise<Row[]>;
  tableExists(table: TableRef): Promise<boolean>;
  /** Tables of a schema, sorted by name. */
  listTables(schema: string): Promise<string[]>;
  /** Column names in table order; empty when the table does not exist. */
  columns(table: TableRef): Promise<string[]>;
  /** Header (CSV) or keys (JSON lines) of a file, as the landing would read them. */
  fileColumns(file: string, format: 'csv' | 'jsonl', csv: CsvOptions): Promise<string[]>;
  /** Append the files' rows to a raw table with lineage columns, in one statement. */
  landFiles(spec: FileLanding): Promise<LandingResult>;
  /**
   * Engines with a cheaper way than a copy to keep a table's state (src/publish/ copies on the
   * others): Snowflake clones it into `into` (zero-copy), Delta Lake records its version (`into`
   * unused). restore puts the table back to it, atomically for that table, creating it if it is
   * gone where the engine can. A clone is dropped like any table (src/publish/retention.ts).
   */
  snapshot?(table: TableRef, into: TableRef): Promise<TableSnapshot>;
  restore?(snapshot: TableSnapshot): Promise<void>;
  close(): Promise<void>;
}
