// Where a snapshot's copies (DuckDB, PostgreSQL) and clones (Snowflake) live: one schema,
// `snapshots`, one table per kept table and run, named so a person browsing the schema can tell
// them apart: <run key>__<schema>__<table>, e.g. 20260630t120000abc123__golden__constituents.
import { createHash } from 'node:crypto';
import type { TableRef } from '../warehouse/warehouse.js';

export const snapshotSchema = 'snapshots';

/** PostgreSQL cuts identifiers at 63 bytes; the run key takes 21 of them. */
const maxNameLength = 63;

/** The run id as a lower-case identifier part (Spark and Snowflake fold case). */
export function runKey(runId: string): string {
  return runId.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The table that keeps `table` as run `runId` left it. Unique per run and table: a long
 * schema__table part is shortened with a hash of the whole. */
export function keptTable(runId: string, table: TableRef): TableRef {
  const key = runKey(runId);
  const part = `${table.schema}__${table.name}`;
  const room = maxNameLength - key.length - 2;
  const short = part.length <= room ? part : `${part.slice(0, room - 9)}_${createHash('sha256').update(part).digest('hex').slice(0, 8)}`;
  return { schema: snapshotSchema, name: `${key}__${short}` };
}
