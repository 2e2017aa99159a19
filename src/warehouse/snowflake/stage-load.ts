// Bulk load of a prepared CSV (DuckDbFileReader.prepare) through a named stage: PUT uploads the
// file under a path no other load uses, COPY INTO loads it and PURGE removes it.
// https://docs.snowflake.com/en/sql-reference/sql/put, https://docs.snowflake.com/en/sql-reference/sql/copy-into-table
import { randomUUID } from 'node:crypto';
import type { Dialect } from '../../dialect/dialect.js';
import type { Row } from '../warehouse.js';

export const stageName = 'cpm_landing';

/**
 * The CSV is RFC 4180 as DuckDB writes it: fields quoted only when needed, "" inside quotes,
 * NULL an unquoted empty field and '' a quoted one. Only options the emulator implements too
 * (fakesnow 0.12: TYPE, SKIP_HEADER, FIELD_OPTIONALLY_ENCLOSED_BY, FIELD_DELIMITER, NULL_IF,
 * EMPTY_FIELD_AS_NULL, ESCAPE_UNENCLOSED_FIELD, COMPRESSION), and Snowflake's defaults for the
 * rest: ESCAPE_UNENCLOSED_FIELD would read a backslash as an escape, NULL_IF would make '\N' NULL.
 */
export const csvFileFormat = `TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '"' EMPTY_FIELD_AS_NULL = TRUE NULL_IF = () ESCAPE_UNENCLOSED_FIELD = NONE`;

export function stageLoadSql(d: Dialect, schema: string, target: string, columns: string[], csvPath: string, batchId: number): { createStage: string; put: string; copy: string } {
  const stage = d.table(schema, stageName);
  const location = `@${stage}/batch-${batchId}-${randomUUID()}/`;
  return {
    createStage: `CREATE STAGE IF NOT EXISTS ${stage}`,
    // The file URI is quoted: a temp directory may hold spaces.
    put: `PUT ${d.stringLiteral(`file://${csvPath}`)} ${location} AUTO_COMPRESS = TRUE OVERWRITE = TRUE`,
    copy: `COPY INTO ${target} (${columns.map((c) => d.quoteIdent(c)).join(', ')}) FROM ${location} FILE_FORMAT = (${csvFileFormat}) PURGE = TRUE`,
  };
}

/** Rows COPY INTO reports as loaded (one result row per file). */
export function rowsLoaded(result: Row[]): number {
  return result.reduce((sum, r) => sum + Number(r['rows_loaded'] ?? 0), 0);
}
