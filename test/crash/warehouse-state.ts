// The state of a whole warehouse, table by table, as multisets of normalised rows, and the
// differences between two such states: what the kill test compares after every kill and rerun.
//
// Every table of every schema is compared (raw, staging, quality, identity, golden, dimensions,
// marts, metrics, meta, and whatever schema a later feature adds), views included. Exclusions,
// each because it records the run rather than the data (docs/crash-safety.md):
//  - meta.runs, meta.run_steps, meta.audit_log: the history of attempts. A killed run is meant
//    to stay in it (marked 'interrupted'); the test checks that no run is left 'running' instead.
//  - columns holding wall-clock time or the random run id (whenColumns): compared as "set or NULL"
//    only, so a lost or duplicated row, or a time that should be there and is not, still shows.
//  - meta.model_state's fingerprint of 'pipeline.derived': a hash that includes the wall-clock
//    time golden was last resolved (derived-state.ts), so it differs between any two runs.
//  - run ids inside text and table names (snapshots.<run key>__golden__constituents, the
//    location column of meta.snapshots) read as '<run>', and the state rows a snapshot keeps as
//    JSON have their times compared as set/NULL, as the columns they come from.
//  - quality.check_results, a log of the checks each run made: every run checks every layer, so
//    only the last run's rows are compared (a killed run's checks did run, and a run killed at its
//    very end, after its checks, is followed by a run that checks again). A freshness check
//    measures the age of the data against the clock: its measured value and detail are not compared.
import type { Row, Warehouse } from '../../src/warehouse/warehouse.js';

const systemSchemas = new Set(['information_schema', 'pg_catalog', 'pg_toast']);
export const historyTables = new Set(['meta.runs', 'meta.run_steps', 'meta.audit_log']);
export const whenColumns = new Set([
  'run_id', // the random id of the run that wrote the row
  '_loaded_at', // raw: when the batch landed
  'quarantined_at',
  'started_at',
  'finished_at',
  'updated_at', // meta.watermarks, meta.model_state, golden.constituents
  'created_at', // golden.constituents: the first run that published the person
  'matched_at', // golden.constituent_source_links
  'changed_at', // golden.constituent_id_history
  'computed_at', // metrics.metric_values
  'checked_at', // quality.check_results
  'seen_at', // quality.schema_snapshots
]);
/** Per-run logs: only the rows of the last run that wrote to them are state. */
const perRunLogs = new Set(['quality.check_results']);
const runIds = /\d{8}T\d{6}-[0-9a-f]{6}|\d{8}t\d{6}[0-9a-f]{6}/g;
const withoutRunIds = (text: string) => text.replace(runIds, '<run>');

export type WarehouseState = Map<string, string[]>;

const setOrNull = (v: unknown) => (v === null || v === undefined ? null : 'set');

/** meta.model_state rows (a table, or the JSON a snapshot keeps of it) without their times. */
function modelState(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row, updated_at: setOrNull(row['updated_at']), ...(row['model'] === 'pipeline.derived' ? { fingerprint: setOrNull(row['fingerprint']) } : {}) };
}

function normalise(table: string, row: Row): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row).sort(([a], [b]) => a.localeCompare(b))) {
    if (whenColumns.has(k)) out[k] = setOrNull(v);
    else if (table === 'meta.model_state' && k === 'fingerprint' && row['model'] === 'pipeline.derived') out[k] = setOrNull(v);
    else if (table === 'meta.snapshots' && k === 'location' && row['method'] === 'rows') out[k] = (JSON.parse(String(v)) as Record<string, unknown>[]).map(modelState);
    else if (table === 'quality.check_results' && row['check_type'] === 'freshness' && (k === 'measured' || k === 'detail')) out[k] = setOrNull(v);
    else if (typeof v === 'string') out[k] = withoutRunIds(v);
    // Doubles summed by parallel threads may differ in the last bits between two runs.
    else out[k] = typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v;
  }
  return JSON.stringify(out);
}

export async function warehouseState(wh: Warehouse): Promise<WarehouseState> {
  const d = wh.dialect;
  const tables = await wh.query(`SELECT table_schema AS s, table_name AS t FROM information_schema.tables ORDER BY table_schema, table_name`);
  const runOrder = new Map((await wh.query(`SELECT run_id FROM ${d.table('meta', 'runs')} ORDER BY started_at, run_id`)).map((r, i) => [String(r['run_id']), i]));
  const lastRun = (rows: Row[]) => rows.reduce((last, r) => Math.max(last, runOrder.get(String(r['run_id'])) ?? -1), -1);
  const state: WarehouseState = new Map();
  for (const r of tables) {
    const [schema, name] = [String(r['s']), String(r['t'])];
    const table = `${schema}.${name}`;
    if (systemSchemas.has(schema) || historyTables.has(table)) continue;
    let rows = await wh.query(`SELECT * FROM ${d.table(schema, name)}`);
    if (perRunLogs.has(table)) {
      const last = lastRun(rows);
      rows = rows.filter((row) => runOrder.get(String(row['run_id'])) === last);
    }
    state.set(withoutRunIds(table), rows.map((row) => normalise(table, row)).sort());
  }
  return state;
}

export interface Divergence {
  table: string;
  /** 'missing' / 'extra' table, or rows only in the expected / only in the actual state. */
  kind: 'missing table' | 'extra table' | 'rows';
  onlyExpected: number;
  onlyActual: number;
  sample: string[];
}

/** Differences of `actual` from `expected`, per table (rows compared as multisets). */
export function diffStates(expected: WarehouseState, actual: WarehouseState): Divergence[] {
  const out: Divergence[] = [];
  for (const table of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(table);
    const a = actual.get(table);
    if (!a) out.push({ table, kind: 'missing table', onlyExpected: e!.length, onlyActual: 0, sample: [] });
    else if (!e) out.push({ table, kind: 'extra table', onlyExpected: 0, onlyActual: a.length, sample: a.slice(0, 2) });
    else {
      const counts = new Map<string, number>();
      for (const row of e) counts.set(row, (counts.get(row) ?? 0) + 1);
      const onlyActual: string[] = [];
      for (const row of a) {
        const n = counts.get(row) ?? 0;
        if (n > 0) counts.set(row, n - 1);
        else onlyActual.push(row);
      }
      const onlyExpected = [...counts.entries()].flatMap(([row, n]) => Array<string>(n).fill(row));
      if (onlyExpected.length || onlyActual.length) {
        out.push({ table, kind: 'rows', onlyExpected: onlyExpected.length, onlyActual: onlyActual.length, sample: [...onlyExpected.slice(0, 2).map((r) => `- ${r}`), ...onlyActual.slice(0, 2).map((r) => `+ ${r}`)] });
      }
    }
  }
  return out;
}

export function describeDivergences(divergences: Divergence[]): string {
  return divergences
    .map((d) => `${d.table}: ${d.kind === 'rows' ? `${d.onlyExpected} row(s) lost or changed, ${d.onlyActual} extra or changed` : d.kind}${d.sample.length ? `\n    ${d.sample.map((s) => s.slice(0, 400)).join('\n    ')}` : ''}`)
    .join('\n');
}
