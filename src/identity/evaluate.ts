// Scores a clustering of source records (identity resolution's output, or any profile's cluster
// column) against ground truth. Everything that grows with the data runs as SQL in the
// warehouse: Node streams the truth file into a session-private table, the engine aggregates
// records into (cluster, person) cells, and only a one-row summary comes back. Pairs are counted
// from cell sizes (n(n-1)/2), never enumerated, so millions of records cost a few GROUP BYs.
//
// Only records present on both sides are scored; how many are missing on each side is reported
// beside the scores, since a clustering that silently drops records must not look perfect.
//
// Conventions (chosen so a trivially correct answer scores 1, never NaN):
// - pairwise precision is 1 when there are no predicted pairs (nothing was merged wrongly),
//   recall is 1 when there are no true pairs (nothing needed merging); F1 is 0 when both are 0;
// - B-cubed precision and recall are 1 when no record is evaluated.
// Keys (source_system, source_record_id) are expected to be unique on each side; a cluster
// column that is NULL counts as "not in the prediction".
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { UsageError } from '../errors/cpm-error.js';
import type { Project } from '../config/project.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';

export interface Evaluation {
  pairwise: { precision: number; recall: number; f1: number };
  bcubed: { precision: number; recall: number };
  /** Predicted clusters holding records of more than one person. */
  over_merged: number;
  /** Persons whose records are spread over more than one predicted cluster. */
  under_merged: number;
  records_evaluated: number;
  clusters: number;
  persons: number;
  true_pairs: number;
  predicted_pairs: number;
  true_positive_pairs: number;
  records_only_in_truth: number;
  records_only_in_prediction: number;
}

export interface EvaluateOptions {
  /** The clustering to score; default golden.constituent_source_links. */
  table?: TableRef;
  /** The column naming each record's cluster; default constituent_id. */
  clusterColumn?: string;
}

export const truthHeader = ['source_system', 'source_record_id', 'person_id'] as const;

// Session-private scratch tables (temporary on every engine we run on), so concurrent
// evaluations never see each other's rows; dropped when the evaluation ends.
const truthTable = 'cpm_eval_truth';
const cellsTable = 'cpm_eval_cells';
/** Rows per INSERT: large enough that statement overhead vanishes, small enough to parse fast. */
const chunkRows = 5000;
/** Unit separator: joins a row's values into one literal; it does not occur in text exports. */
const separator = '\u001f';

export async function evaluateResolution(wh: Warehouse, truthFile: string, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const table = opts.table ?? { schema: 'golden', name: 'constituent_source_links' };
  const clusterColumn = opts.clusterColumn ?? 'constituent_id';
  await checkPredictedTable(wh, table, clusterColumn);
  const d = wh.dialect;
  const truth = d.quoteIdent(truthTable);
  const cells = d.quoteIdent(cellsTable);
  try {
    await loadTruth(wh, truthFile);
    await wh.execute(d.createTempTableAs(cells, cellsSql(wh, table, clusterColumn)));
    const [row] = await wh.query(summarySql(wh, table, clusterColumn));
    return toEvaluation(row ?? {});
  } finally {
    await wh.execute(d.dropTable(cells));
    await wh.execute(d.dropTable(truth));
  }
}

async function checkPredictedTable(wh: Warehouse, table: TableRef, clusterColumn: string): Promise<void> {
  const columns = await wh.columns(table);
  const name = `${table.schema}.${table.name}`;
  if (!columns.length) throw new UsageError(`the table ${name} to evaluate does not exist`, 'run `cpm resolve` first, or name an existing table');
  const missing = ['source_system', 'source_record_id', clusterColumn].filter((c) => !columns.includes(c));
  if (missing.length) throw new UsageError(`the table ${name} has no column ${missing.join(', ')}`, `its columns are: ${columns.join(', ')}`);
}

/** Streams the truth CSV into the scratch table in multi-row INSERTs. */
async function loadTruth(wh: Warehouse, file: string): Promise<void> {
  const d = wh.dialect;
  const truth = d.quoteIdent(truthTable);
  try {
    await access(file);
  } catch {
    throw new UsageError(`cannot read the ground-truth file ${file}`, 'check the path');
  }
  const empty = truthHeader.map((c) => `${d.cast('NULL', 'text')} AS ${d.quoteIdent(c)}`).join(', ');
  await wh.execute(d.createTempTableAs(truth, `SELECT ${empty} WHERE 1 = 0`));
  // Each row travels as one literal, split back into columns by the engine: engines parse a
  // VALUES list literal by literal, so a third as many literals loads markedly faster
  // (1.5M rows: ~12 s instead of ~18 s on DuckDB).
  const unpack = truthHeader.map((c, i) => `${d.splitPart('v', separator, i + 1)} AS ${d.quoteIdent(c)}`).join(', ');
  const insert = (rows: string[]) =>
    wh.execute(`INSERT INTO ${truth} (${truthHeader.map((c) => d.quoteIdent(c)).join(', ')}) SELECT ${unpack} FROM (VALUES ${rows.join(', ')}) AS r (v)`);
  // csv-parse fails a row whose field count differs from the header's, with its line.
  const parser = createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true }));
  let header = true;
  let values: string[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header) {
        if (record.join(',') !== truthHeader.join(',')) {
          throw new UsageError(
            `the ground-truth file ${file} has the header "${record.join(',')}", expected "${truthHeader.join(',')}"`,
            'use the truth file the synthetic-data generator writes (cpm generate)',
          );
        }
        header = false;
        continue;
      }
      if (record.some((v) => v.includes(separator))) throw new UsageError(`the ground-truth file ${file} holds a control character (U+001F) on line ${parser.info.lines}`);
      values.push(`(${d.stringLiteral(record.join(separator))})`);
      if (values.length === chunkRows) {
        await insert(values);
        values = [];
      }
    }
  } catch (e) {
    // csv-parse reports ragged rows and bad quotes with the line; say which file. Engine
    // errors from the inserts pass through as they are.
    if (e instanceof CsvError) throw new UsageError(`cannot read the ground-truth file ${file}: ${e.message}`, 'fix the CSV (three columns per row)');
    throw e;
  }
  if (header) throw new UsageError(`the ground-truth file ${file} is empty`, `expected the header "${truthHeader.join(',')}"`);
  if (values.length) await insert(values);
}

/** The predicted side, keys and cluster as text so they join with the truth's text columns. */
function predictedSql(wh: Warehouse, table: TableRef, clusterColumn: string): string {
  const d = wh.dialect;
  const col = (c: string) => d.cast(d.quoteIdent(c), 'text');
  return (
    `SELECT ${col('source_system')} AS source_system, ${col('source_record_id')} AS source_record_id, ${col(clusterColumn)} AS cluster_id ` +
    `FROM ${d.table(table.schema, table.name)} WHERE ${d.quoteIdent(clusterColumn)} IS NOT NULL`
  );
}

const sameRecord = 't.source_system = p.source_system AND t.source_record_id = p.source_record_id';

/** Records present on both sides, counted per (predicted cluster, true person) cell. */
function cellsSql(wh: Warehouse, table: TableRef, clusterColumn: string): string {
  return (
    `SELECT p.cluster_id, t.person_id, COUNT(*) AS n ` +
    `FROM ${wh.dialect.quoteIdent(truthTable)} AS t JOIN (${predictedSql(wh, table, clusterColumn)}) AS p ON ${sameRecord} ` +
    `GROUP BY p.cluster_id, t.person_id`
  );
}

/**
 * One row of counts. With n records in a cell, c in its cluster and m for its person:
 * true-positive pairs = Σ n(n-1)/2 over cells; predicted pairs = Σ c(c-1)/2 over clusters;
 * true pairs = Σ m(m-1)/2 over persons; B-cubed sums = Σ n·n/c and Σ n·n/m over cells
 * (each of the cell's n records scores n/c), divided by the record count in toEvaluation.
 * Pair counts stay exact integers; ratios are cast to double first so no engine does integer
 * division.
 */
function summarySql(wh: Warehouse, table: TableRef, clusterColumn: string): string {
  const d = wh.dialect;
  const cells = d.quoteIdent(cellsTable);
  const truth = d.quoteIdent(truthTable);
  const predicted = `(${predictedSql(wh, table, clusterColumn)})`;
  const big = (e: string) => d.cast(`COALESCE(${e}, 0)`, 'bigint');
  const dbl = (e: string) => d.cast(e, 'double');
  // n(n-1), halved in toEvaluation: `/` on integers is integer division on PostgreSQL but
  // float division on DuckDB, so the exact halving happens in JS.
  const pairs = (n: string) => `${n} * (${n} - 1)`;
  return (
    `WITH clusters AS (SELECT cluster_id, SUM(n) AS n, COUNT(*) AS persons FROM ${cells} GROUP BY cluster_id), ` +
    `persons AS (SELECT person_id, SUM(n) AS n, COUNT(*) AS clusters FROM ${cells} GROUP BY person_id), ` +
    `scored AS (SELECT ${dbl('c.n')} AS n, ${dbl('k.n')} AS cluster_n, ${dbl('p.n')} AS person_n FROM ${cells} AS c ` +
    `JOIN clusters AS k ON k.cluster_id = c.cluster_id JOIN persons AS p ON p.person_id = c.person_id) ` +
    `SELECT ` +
    `(SELECT ${big('SUM(n)')} FROM ${cells}) AS records_evaluated, ` +
    `(SELECT COUNT(*) FROM clusters) AS clusters, ` +
    `(SELECT COUNT(*) FROM persons) AS persons, ` +
    `(SELECT COUNT(*) FROM clusters WHERE persons > 1) AS over_merged, ` +
    `(SELECT COUNT(*) FROM persons WHERE clusters > 1) AS under_merged, ` +
    `(SELECT ${big(`SUM(${pairs('n')})`)} FROM ${cells}) AS true_positive_pairs, ` +
    `(SELECT ${big(`SUM(${pairs('n')})`)} FROM clusters) AS predicted_pairs, ` +
    `(SELECT ${big(`SUM(${pairs('n')})`)} FROM persons) AS true_pairs, ` +
    `(SELECT COALESCE(SUM(n * n / cluster_n), 0) FROM scored) AS bcubed_precision_sum, ` +
    `(SELECT COALESCE(SUM(n * n / person_n), 0) FROM scored) AS bcubed_recall_sum, ` +
    `(SELECT COUNT(*) FROM ${truth} AS t WHERE NOT EXISTS (SELECT 1 FROM ${predicted} AS p WHERE ${sameRecord})) AS records_only_in_truth, ` +
    `(SELECT COUNT(*) FROM ${predicted} AS p WHERE NOT EXISTS (SELECT 1 FROM ${truth} AS t WHERE ${sameRecord})) AS records_only_in_prediction`
  );
}

function toEvaluation(row: Record<string, unknown>): Evaluation {
  const n = (k: string) => Number(row[k] ?? 0);
  const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);
  const records = n('records_evaluated');
  const half = (k: string) => n(k) / 2; // SQL summed n(n-1), which is always even
  const tp = half('true_positive_pairs');
  const precision = ratio(tp, half('predicted_pairs'));
  const recall = ratio(tp, half('true_pairs'));
  return {
    pairwise: { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) },
    bcubed: { precision: ratio(n('bcubed_precision_sum'), records), recall: ratio(n('bcubed_recall_sum'), records) },
    over_merged: n('over_merged'),
    under_merged: n('under_merged'),
    records_evaluated: records,
    clusters: n('clusters'),
    persons: n('persons'),
    true_pairs: half('true_pairs'),
    predicted_pairs: half('predicted_pairs'),
    true_positive_pairs: tp,
    records_only_in_truth: n('records_only_in_truth'),
    records_only_in_prediction: n('records_only_in_prediction'),
  };
}

/** A short human report. */
export function formatEvaluation(e: Evaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const int = (x: number) => x.toLocaleString('en-US');
  return [
    `records evaluated  ${int(e.records_evaluated)} (${int(e.clusters)} clusters, ${int(e.persons)} persons)`,
    `pairwise           precision ${pct(e.pairwise.precision)}  recall ${pct(e.pairwise.recall)}  F1 ${pct(e.pairwise.f1)}`,
    `                   ${int(e.true_positive_pairs)} of ${int(e.predicted_pairs)} predicted pairs correct, ${int(e.true_pairs)} true pairs`,
    `B-cubed            precision ${pct(e.bcubed.precision)}  recall ${pct(e.bcubed.recall)}`,
    `over-merged        ${int(e.over_merged)} clusters hold more than one person`,
    `under-merged       ${int(e.under_merged)} persons are split over several clusters`,
    `not evaluated      ${int(e.records_only_in_truth)} only in truth, ${int(e.records_only_in_prediction)} only in the prediction`,
  ].join('\n');
}

/** One use-case profile's clustering (golden.profile_clusters), evaluated like the constituents. */
export async function evaluateProfile(project: Project, wh: Warehouse, truthFile: string, profile: string): Promise<Evaluation> {
  const profiles = Object.keys(project.identity?.profiles ?? {});
  if (!profiles.includes(profile)) throw new UsageError(`no profile "${profile}" in config/identity.yaml`, profiles.length ? `profiles: ${profiles.join(', ')}` : 'add one under `profiles:`');
  const d = wh.dialect;
  const scratch = { schema: 'identity', name: 'evaluate_profile' };
  const table = d.table(scratch.schema, scratch.name);
  await wh.execute(d.createTableAs(table, `SELECT source_system, source_record_id, cluster_id FROM ${d.table('golden', 'profile_clusters')} WHERE profile = ${d.stringLiteral(profile)}`, true));
  try {
    return await evaluateResolution(wh, truthFile, { table: scratch, clusterColumn: 'cluster_id' });
  } finally {
    await wh.execute(d.dropTable(table));
  }
}
