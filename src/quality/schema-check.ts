// The schema check: required columns, expected types, and drift from the columns the last run of
// the check saw (kept in quality.schema_snapshots, one row per table, replaced each time).
import type { z } from 'zod';
import type { schemaCheck } from '../config/quality-schema.js';
import { qualified } from '../pipeline/meta-tables.js';
import { insertRows } from '../pipeline/sql-values.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { DescribedColumn } from './column-types.js';
import type { Outcome } from './thresholds.js';

type SchemaCheck = z.output<typeof schemaCheck>['schema'];

export interface SchemaFinding {
  outcome: Outcome;
  problems: string[];
}

type Snapshot = [name: string, engineType: string][];

async function lastSnapshot(wh: Warehouse, table: string): Promise<Snapshot | undefined> {
  const d = wh.dialect;
  const [row] = await wh.query(`SELECT columns FROM ${qualified(d, 'quality.schema_snapshots')} WHERE table_name = ${d.stringLiteral(table)}`);
  return row ? (JSON.parse(String(row['columns'])) as Snapshot) : undefined;
}

async function saveSnapshot(wh: Warehouse, table: string, columns: DescribedColumn[], runId: string, at: string): Promise<void> {
  const d = wh.dialect;
  await wh.execute(`DELETE FROM ${qualified(d, 'quality.schema_snapshots')} WHERE table_name = ${d.stringLiteral(table)}`);
  await insertRows(wh, 'quality.schema_snapshots', ['table_name', 'columns', 'run_id', 'seen_at'], [[table, JSON.stringify(columns.map((c) => [c.name, c.engineType])), runId, at]]);
}

/** Differences between the last snapshot and now: added, removed and retyped columns. */
export function drift(before: Snapshot, now: DescribedColumn[]): string[] {
  const old = new Map(before);
  const current = new Map(now.map((c) => [c.name, c.engineType]));
  return [
    ...now.filter((c) => !old.has(c.name)).map((c) => `column ${c.name} was added (${c.engineType})`),
    ...before.filter(([n]) => !current.has(n)).map(([n]) => `column ${n} was removed`),
    ...now.filter((c) => old.has(c.name) && old.get(c.name) !== c.engineType).map((c) => `column ${c.name} changed type from ${old.get(c.name)} to ${c.engineType}`),
  ];
}

export async function checkSchema(wh: Warehouse, table: string, spec: SchemaCheck, columns: DescribedColumn[], runId: string, at: string): Promise<SchemaFinding> {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const broken = [
    ...spec.required.filter((c) => !byName.has(c)).map((c) => `required column ${c} is missing`),
    ...Object.entries(spec.types).flatMap(([c, t]) => {
      const col = byName.get(c);
      if (!col) return [`column ${c} (expected ${t}) is missing`];
      return col.type === t ? [] : [`column ${c} is ${col.engineType}, expected ${t}`];
    }),
  ];
  const before = spec.drift === 'ignore' ? undefined : await lastSnapshot(wh, table);
  const drifted = before ? drift(before, columns) : [];
  await saveSnapshot(wh, table, columns, runId, at);
  const outcome: Outcome = broken.length || (drifted.length && spec.drift === 'fail') ? 'fail' : drifted.length ? 'warn' : 'pass';
  return { outcome, problems: [...broken, ...drifted] };
}
