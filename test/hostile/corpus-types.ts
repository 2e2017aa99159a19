// The shape of a hostile-input case: its input, the stream config it is read with, and what it
// must end in. See corpus.ts for the cases and docs/hostile-input.md for the outcomes.

/** [file, _source_row, ...values of the listed raw columns]: a row raw must hold, exactly. */
export type RawRow = [file: string, row: number, ...values: (string | null)[]];
/** [file, row, reason, exact record text]: a record the reader could not land. */
export type Rejected = [file: string, row: number, reason: RegExp, record: string];
/** [file, row, reason]: a landed row staging could not type (layer 'staging'). */
export type Unstaged = [file: string, row: number, reason: RegExp];

export type Expect =
  | {
      outcome: 'error';
      /** Exit code of `cpm ingest` (2: the input or the config is wrong). */
      code: 2;
      message: RegExp;
    }
  | {
      /** 'lands': every record lands; 'quarantine': some go to quality.quarantine with a reason. */
      outcome: 'lands' | 'quarantine';
      /** Records in the case's files: rows landed + rows rejected must equal it. */
      records: number;
      /** Raw columns the rows list; default id, name, amount, gift_date. */
      columns?: string[];
      /** Every raw row, ordered by file and row; omitted when `check` asserts the values. */
      raw?: RawRow[];
      rejected?: Rejected[];
      unstaged?: Unstaged[];
      /** Rows in the staging table (one per key). */
      staged: number;
    };

export interface DataCase {
  /** lower_snake_case: the source's name and the folder under cases/. */
  name: string;
  kind: 'malformed csv' | 'encoding' | 'empty' | 'whole file' | 'types' | 'dates' | 'huge' | 'columns' | 'keys' | 'injection' | 'unicode' | 'json lines';
  what: string;
  /** Files made at test time (too big, or too many columns, to keep in the repository). */
  generate?: () => Record<string, Buffer>;
  stream?: {
    format?: 'csv' | 'jsonl';
    csv?: Record<string, unknown>;
    columns?: Record<string, unknown>[];
    split_name?: Record<string, unknown>;
    person?: Record<string, unknown>;
  };
  expect: Expect;
  /** Where an engine differs (a limit of its own), what the case ends in there. */
  on?: Partial<Record<'duckdb' | 'postgres', Expect>>;
  /** Further checks on the raw rows (ordered by file and row) and the staging rows (by id). */
  check?: (rows: { raw: Record<string, unknown>[]; staging: Record<string, unknown>[] }) => void;
}
