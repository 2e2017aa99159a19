// A model builds one warehouse table from a SELECT. Models come from SQL files under sql/
// (templated) or are generated from the schema registry (one per source stream); the runner
// treats both alike and orders them by their refs.
import type { ColumnDef } from '../staging/stream-sql.js';

export interface BatchRange {
  /** Batches after this id... */
  after: number;
  /** ...up to and including this one. */
  upTo: number;
}

export interface ModelConfig {
  /** 'view' and 'table' are rebuilt whole; 'incremental' merges rows of new batches by unique_key. */
  materialized: 'view' | 'table' | 'incremental';
  unique_key: string[];
  /** ORDER BY that ranks rows of one key, current first (incremental models). */
  current_first: string[];
  /** MERGE condition over t (target) and s (source) for replacing a row. */
  update_when?: string;
}

export interface Model {
  /** schema.table */
  name: string;
  /** Tables this one reads (refs), including raw tables. */
  deps: string[];
  /** Where it is defined: a file path, or the mapping that generated it. */
  origin: string;
  config: ModelConfig;
  /** The SELECT for a batch range (incremental) or the whole table; a model with `prepare`
   * reads the prepared rows from the table named `prepared`. `refName` names the table a ref()
   * reads, when not the published one (marts built aside read each other's new versions). */
  render(range: BatchRange, prepared?: string, refName?: (name: string) => string): string;
  /** Columns to create the table with; when absent they come from the SELECT itself. */
  columns?: ColumnDef[];
  /**
   * Rows computed once per build into a table the materializer chooses (a temporary one, or the
   * new table itself on a first build), which `render` and `quarantine.select` then read, so
   * expensive typing is not evaluated twice. `rejectColumn` is non-NULL on rows to quarantine.
   */
  prepare?: { select(range: BatchRange): string; rejectColumn: string };
  /** Rows of a range that cannot enter the model go to quality.quarantine with a reason. */
  quarantine?: {
    source: string;
    stream: string;
    /** SELECT batch_id, source_file, source_row, reason from the prepared rows. */
    select(prepared: string): string;
  };
}
