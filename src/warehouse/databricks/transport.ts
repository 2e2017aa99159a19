// What the Databricks warehouse needs from a connection, so the adapter is the same over the
// official Databricks SQL driver and over an Apache Spark Thrift server (config `driver`).
import type { Row } from '../warehouse.js';

/** A CSV file the engine can read, for the length of one landing. */
export interface StagedFile {
  /** A FROM-clause relation over the file with the columns c0, c1, ... as STRING. */
  relation: string;
  /** Removes what staging created (a view, an uploaded file). */
  release(): Promise<void>;
}

export interface SparkTransport {
  /** Where the data lives, for messages: host and port or HTTP path, never a secret. */
  readonly location: string;
  /** Runs ONE statement in this connection's session; the rows of its result set, if any. */
  run(sql: string): Promise<Row[]>;
  /** Makes a headerless RFC 4180 CSV on this machine readable by the engine as `columns` strings. */
  stageCsv(path: string, columnCount: number): Promise<StagedFile>;
  close(): Promise<void>;
}
