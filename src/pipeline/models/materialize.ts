// Builds a model's table. 'view' and 'table' models are rebuilt whole. 'incremental' models consume
// raw batches in (last consumed, upTo]: the first build inserts, later builds upsert by unique key
// (Dialect.upsert), and the last consumed batch is stored in meta.model_state only after the data
// is in. A crash in between re-merges the same batches, which changes nothing (the upsert keeps
// the current row).
import type { Dialect } from '../../dialect/dialect.js';
import { countRows } from '../../warehouse/count-rows.js';
import { inTransaction } from '../../warehouse/transaction.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { qualified, splitName } from '../meta-tables.js';
import { nowText } from '../run-context.js';
import { timestampLiteral } from '../sql-values.js';
import type { BatchRange, Model } from './model.js';

export interface MaterializeResult {
  model: string;
  /** Whether new batches were consumed (or the table rebuilt). */
  changed: boolean;
  quarantined: number;
  rowsTotal: number;
}

/** An upper bound above every batch id, for models that read all batches. */
export const allBatches = Number.MAX_SAFE_INTEGER;

export async function lastConsumedBatch(wh: Warehouse, model: string): Promise<number> {
  const d = wh.dialect;
  const [row] = await wh.query(`SELECT MAX(last_batch_id) AS v FROM ${qualified(d, 'meta.model_state')} WHERE model = ${d.stringLiteral(model)}`);
  return Number(row?.['v'] ?? 0);
}

async function saveConsumedBatch(wh: Warehouse, model: string, upTo: number): Promise<void> {
  const d = wh.dialect;
  const source = `SELECT ${d.stringLiteral(model)} AS model, CAST(${upTo} AS ${d.type('bigint')}) AS last_batch_id, ${timestampLiteral(d, nowText())} AS updated_at`;
  await wh.execute(d.merge({ target: qualified(d, 'meta.model_state'), source, keys: ['model'], columns: ['model', 'last_batch_id', 'updated_at'] }));
}

/**
 * Creates the table (empty) if missing; for models with declared columns, adds the ones a newer
 * mapping gained (a changed type needs --full-refresh). Returns the table's columns.
 */
async function ensureTable(wh: Warehouse, model: Model, select: string): Promise<{ columns: string[]; created: boolean }> {
  const d = wh.dialect;
  const ref = splitName(model.name);
  const target = qualified(d, model.name);
  const existing = await wh.columns(ref);
  if (!existing.length) {
    await wh.execute(d.createSchema(ref.schema));
    if (model.columns) {
      await wh.execute(d.createTable(target, model.columns));
    } else {
      await wh.execute(d.createTableAs(target, `SELECT * FROM (${select}) AS m WHERE 1 = 0`, false));
    }
    return { columns: await wh.columns(ref), created: true };
  }
  const added = (model.columns ?? []).filter(([c]) => !existing.includes(c));
  for (const [c, t] of added) await wh.execute(`ALTER TABLE ${target} ADD COLUMN ${d.quoteIdent(c)} ${d.type(t)}`);
  // A column the model no longer declares goes (staging's lineage lost `_record_hash` on
  // 2026-12-08): the model's rows are derived, and raw, which they come from, keeps everything.
  // Compared without case, unlike the check above: a drop cannot be undone, so an engine that
  // reports names in another case must not lose a declared column.
  const declared = new Set((model.columns ?? []).map(([c]) => c.toLowerCase()));
  const gone = model.columns ? existing.filter((c) => !declared.has(c.toLowerCase())) : [];
  for (const c of gone) await wh.execute(d.dropColumn(target, c));
  return { columns: added.length || gone.length ? await wh.columns(ref) : existing, created: false };
}

export interface MaterializeOptions {
  fullRefresh?: boolean;
  /** Whether any raw table upstream of the model has a batch in (after, upTo]; when it has
   * none, an incremental model only records that it is up to date. */
  hasNewInput?: (after: number) => boolean;
}

export async function materialize(wh: Warehouse, model: Model, upTo: number, options: MaterializeOptions = {}): Promise<MaterializeResult> {
  const d = wh.dialect;
  const target = qualified(d, model.name);
  if (model.config.materialized !== 'incremental') {
    // Whole-table models see every batch; a view must not be frozen at this run's last batch.
    const select = model.render({ after: 0, upTo: allBatches });
    await wh.execute(d.createSchema(splitName(model.name).schema));
    await wh.execute(model.config.materialized === 'view' ? d.createView(target, select) : d.createTableAs(target, select, true));
    return { model: model.name, changed: true, quarantined: 0, rowsTotal: await countRows(wh, target) };
  }

  if (options.fullRefresh) {
    await wh.execute(d.dropTable(target));
    await saveConsumedBatch(wh, model.name, 0);
  }
  const range: BatchRange = { after: options.fullRefresh ? 0 : await lastConsumedBatch(wh, model.name), upTo };
  const upToDate = range.after >= range.upTo || options.hasNewInput?.(range.after) === false;
  if (upToDate && (await wh.tableExists(splitName(model.name)))) {
    if (range.after < range.upTo) await saveConsumedBatch(wh, model.name, upTo);
    return { model: model.name, changed: false, quarantined: 0, rowsTotal: await countRows(wh, target) };
  }
  if (model.prepare && !(await wh.tableExists(splitName(model.name)))) return firstBuildAside(wh, model, range);
  const prepared = model.prepare ? d.quoteIdent(`cpm_prepared__${splitName(model.name).name}`) : undefined;
  if (model.prepare && prepared) await wh.execute(d.createTempTableAs(prepared, model.prepare.select(range)));
  const select = model.render(range, prepared);
  const quarantined = prepared ? await quarantineRange(wh, model, range, prepared) : 0;
  const { columns, created } = await ensureTable(wh, model, select);
  const list = columns.map((c) => d.quoteIdent(c)).join(', ');
  if (!created) {
    await inTransaction(wh, d.upsert({ target, source: currentRows(d, model, select, columns), keys: model.config.unique_key, columns, updateWhen: model.config.update_when }));
  } else if (await keysRepeat(wh, model, select)) {
    await insertCurrentRows(wh, model, select, columns);
  } else {
    // A first build whose keys are all distinct (the usual case) is a plain copy.
    await wh.execute(`INSERT INTO ${target} (${list}) SELECT ${list} FROM (${select}) AS m`);
  }
  if (prepared) await wh.execute(d.dropTable(prepared));
  await saveConsumedBatch(wh, model.name, upTo);
  return { model: model.name, changed: true, quarantined, rowsTotal: await countRows(wh, target) };
}

/**
 * The first build of a prepared model writes the prepared rows once, straight into a new table
 * beside the target, removes the rejected rows and the reject column, and renames it into place
 * (a copy through a temporary table costs a second write of every row). Built aside, a crash
 * leaves no half-built target: the next run starts the build over.
 */
async function firstBuildAside(wh: Warehouse, model: Model, range: BatchRange): Promise<MaterializeResult> {
  const d = wh.dialect;
  const { schema, name } = splitName(model.name);
  const target = qualified(d, model.name);
  const build = d.table(schema, `${name}__cpm_build`);
  const reject = d.quoteIdent(model.prepare!.rejectColumn);
  await wh.execute(d.createSchema(schema));
  await wh.execute(d.createTableAs(build, model.prepare!.select(range), true));
  const quarantined = await quarantineRange(wh, model, range, build);
  const select = model.render(range, build);
  if (await keysRepeat(wh, model, select)) {
    // Several versions of a key in the range: rank them into the target the general way.
    const { columns } = await ensureTable(wh, model, select);
    await insertCurrentRows(wh, model, select, columns);
    await wh.execute(d.dropTable(build));
  } else {
    await wh.execute(`DELETE FROM ${build} WHERE ${reject} IS NOT NULL`);
    await wh.execute(d.dropColumn(build, model.prepare!.rejectColumn));
    await wh.execute(d.renameTable(build, name));
  }
  await saveConsumedBatch(wh, model.name, range.upTo);
  return { model: model.name, changed: true, quarantined, rowsTotal: await countRows(wh, target) };
}

/** Into an empty target: one row per key, the current one. */
async function insertCurrentRows(wh: Warehouse, model: Model, select: string, columns: string[]): Promise<void> {
  const d = wh.dialect;
  await wh.execute(`INSERT INTO ${qualified(d, model.name)} (${columns.map((c) => d.quoteIdent(c)).join(', ')}) ${currentRows(d, model, select, columns)}`);
}

async function keysRepeat(wh: Warehouse, model: Model, select: string): Promise<boolean> {
  const keys = model.config.unique_key.map((k) => wh.dialect.quoteIdent(k)).join(', ');
  const [row] = await wh.query(`SELECT COUNT(*) AS n FROM (SELECT ${keys} FROM (${select}) AS m GROUP BY ${keys} HAVING COUNT(*) > 1) AS r`);
  return Number(row?.['n'] ?? 0) > 0;
}

/**
 * One row per unique key, the current one. Ranking every row is the slow part of a large
 * build, and keys rarely repeat within a range, so only the keys that do repeat are ranked.
 * The CTE is referenced three times, so both engines compute it once (materialised); joins
 * rather than [NOT] EXISTS, which DuckDB runs several times slower here.
 */
function currentRows(d: Dialect, model: Model, select: string, columns: string[]): string {
  const q = (c: string) => d.quoteIdent(c);
  const keys = model.config.unique_key.map(q);
  const sameKey = keys.map((k) => `r.${k} = i.${k}`).join(' AND ');
  const rank = d.rowNumber(keys.map((k) => `i.${k}`), model.config.current_first);
  return (
    `WITH cpm_input AS (${select}),\n` +
    `cpm_repeated AS (SELECT ${keys.join(', ')} FROM cpm_input GROUP BY ${keys.join(', ')} HAVING COUNT(*) > 1)\n` +
    `SELECT ${columns.map((c) => `i.${q(c)}`).join(', ')} FROM cpm_input AS i LEFT JOIN cpm_repeated AS r ON ${sameKey} WHERE r.${keys[0]} IS NULL\n` +
    `UNION ALL\n` +
    `SELECT ${columns.map(q).join(', ')} FROM (SELECT i.*, ${rank} AS _cpm_rank FROM cpm_input AS i JOIN cpm_repeated AS r ON ${sameKey}) AS ranked WHERE _cpm_rank = 1`
  );
}

/** Replaces the quarantine rows of this model's range (idempotent on retry) and counts them. */
async function quarantineRange(wh: Warehouse, model: Model, range: BatchRange, prepared: string): Promise<number> {
  const d = wh.dialect;
  const q = model.quarantine!;
  const table = qualified(d, 'quality.quarantine');
  const origin = `layer = 'staging' AND source = ${d.stringLiteral(q.source)} AND stream = ${d.stringLiteral(q.stream)}`;
  await wh.execute(`DELETE FROM ${table} WHERE ${origin} AND batch_id > ${range.after} AND batch_id <= ${range.upTo}`);
  // The raw row stays in raw; (batch_id, source_row) points at it, so no copy is kept here.
  await wh.execute(
    `INSERT INTO ${table} (layer, source, stream, batch_id, source_file, source_row, reason, record, quarantined_at) ` +
      `SELECT 'staging', ${d.stringLiteral(q.source)}, ${d.stringLiteral(q.stream)}, batch_id, source_file, source_row, reason, ` +
      `CAST(NULL AS ${d.type('text')}), ${timestampLiteral(d, nowText())} FROM (${q.select(prepared)}) AS q`,
  );
  const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${origin} AND batch_id > ${range.after} AND batch_id <= ${range.upTo}`);
  return Number(row?.['n'] ?? 0);
}
