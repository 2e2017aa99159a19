// Evaluation against ground truth: small clusterings whose scores were worked out by hand,
// on every engine of the matrix.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/errors/cpm-error.js';
import { evaluateResolution, formatEvaluation, type Evaluation } from '../../src/identity/evaluate.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { makeProject, tempDir } from '../support/project.js';

// Ground truth: person A has records a1..a3, B has b1 and b2, C has one record whose id needs
// CSV quoting and SQL escaping, D has one record the predictions leave unclustered.
const cId = "o'c,1";
const truthCsv = [
  'source_system,source_record_id,person_id',
  'crm,a1,A',
  'crm,a2,A',
  'news,a3,A',
  'crm,b1,B',
  'news,b2,B',
  `news,"${cId}",C`,
  'crm,d1,D',
].join('\n');

type Link = [system: string, record: string, cluster: string | number | null];
const perfect: Link[] = [['crm', 'a1', 'k1'], ['crm', 'a2', 'k1'], ['news', 'a3', 'k1'], ['crm', 'b1', 'k2'], ['news', 'b2', 'k2'], ['news', cId, 'k3'], ['crm', 'd1', 'k4']];

async function linksTable(wh: Warehouse, name: string, column: string, type: 'text' | 'integer', links: Link[]): Promise<void> {
  const d = wh.dialect;
  const table = d.table('golden', name);
  await wh.execute(d.createSchema('golden'));
  await wh.execute(`CREATE TABLE ${table} (constituent_id ${d.type('text')}, source_system ${d.type('text')}, source_record_id ${d.type('text')}, ${d.quoteIdent(column)} ${d.type(type)})`);
  const rows = links.map(([s, r, c]) => `('ignored', ${d.literal(s)}, ${d.literal(r)}, ${c === null ? 'NULL' : d.literal(c)})`);
  await wh.execute(`INSERT INTO ${table} VALUES ${rows.join(', ')}`);
}

/** Exact counts; scores to 1e-12, since engines may sum doubles in a different order. */
function assertEvaluation(actual: Evaluation, expected: Evaluation): void {
  const close = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) < 1e-12, `${what}: ${a} is not ${e}`);
  close(actual.pairwise.precision, expected.pairwise.precision, 'pairwise precision');
  close(actual.pairwise.recall, expected.pairwise.recall, 'pairwise recall');
  close(actual.pairwise.f1, expected.pairwise.f1, 'pairwise F1');
  close(actual.bcubed.precision, expected.bcubed.precision, 'B-cubed precision');
  close(actual.bcubed.recall, expected.bcubed.recall, 'B-cubed recall');
  const counts = ({ pairwise: _p, bcubed: _b, ...rest }: Evaluation) => rest;
  assert.deepEqual(counts(actual), counts(expected));
}

const base = { records_evaluated: 7, clusters: 4, persons: 4, true_pairs: 4, records_only_in_truth: 0, records_only_in_prediction: 0 };

for (const engine of engines) {
  describe(`evaluateResolution on ${engine.name}`, { skip: engine.skip }, () => {
    let wh: Warehouse;
    const dir = tempDir();
    const truth = join(dir, 'truth.csv');
    writeFileSync(truth, truthCsv);

    before(async () => {
      wh = await openWarehouse(makeProject({ warehouse: await engine.freshWarehouse() }));
    });
    after(async () => wh?.close());

    it('scores a perfect clustering 1 everywhere, from golden.constituent_source_links by default', async () => {
      // The real table's shape: the cluster is constituent_id.
      const d = wh.dialect;
      await wh.execute(d.createSchema('golden'));
      await wh.execute(`CREATE TABLE ${d.table('golden', 'constituent_source_links')} (constituent_id ${d.type('text')}, source_system ${d.type('text')}, source_record_id ${d.type('text')})`);
      const rows = perfect.map(([s, r, c]) => `(${d.literal(c)}, ${d.literal(s)}, ${d.literal(r)})`);
      await wh.execute(`INSERT INTO ${d.table('golden', 'constituent_source_links')} VALUES ${rows.join(', ')}`);
      const e = await evaluateResolution(wh, truth);
      assertEvaluation(e, {
        pairwise: { precision: 1, recall: 1, f1: 1 },
        bcubed: { precision: 1, recall: 1 },
        over_merged: 0,
        under_merged: 0,
        ...base,
        predicted_pairs: 4,
        true_positive_pairs: 4,
      });
      assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(e))).slice(0, 4), ['pairwise', 'bcubed', 'over_merged', 'under_merged']);
      assert.match(formatEvaluation(e), /precision 100\.00%/);
    });

    it('counts an over-merge: A and B in one cluster', async () => {
      // Cells (k1,A)=3 (k1,B)=2 (k3,C)=1 (k4,D)=1. TP = 3+1 = 4 of 10 predicted pairs; 4 true pairs.
      // B-cubed precision: (9/5 + 4/5 + 1 + 1) / 7 = 23/35; recall: (9/3 + 4/2 + 1 + 1) / 7 = 1.
      const links = perfect.map(([s, r, c]): Link => [s, r, c === 'k2' ? 'k1' : c]);
      await linksTable(wh, 'over', 'cluster', 'text', links);
      const e = await evaluateResolution(wh, truth, { table: { schema: 'golden', name: 'over' }, clusterColumn: 'cluster' });
      assertEvaluation(e, {
        pairwise: { precision: 0.4, recall: 1, f1: 4 / 7 },
        bcubed: { precision: 23 / 35, recall: 1 },
        over_merged: 1,
        under_merged: 0,
        ...base,
        clusters: 3,
        predicted_pairs: 10,
        true_positive_pairs: 4,
      });
    });

    it('counts an under-merge, with an integer cluster column', async () => {
      // A split into {a1,a2} and {a3}. Cells 2,1,2,1,1. TP = 1+1 = 2 = predicted pairs; 4 true pairs.
      // B-cubed precision 1; recall: (4/3 + 1/3 + 4/2 + 1 + 1) / 7 = (5/3 + 4) / 7 = 17/21.
      const ids: Record<string, number> = { a1: 1, a2: 1, a3: 2, b1: 3, b2: 3, [cId]: 4, d1: 5 };
      await linksTable(wh, 'under', 'segment', 'integer', perfect.map(([s, r]): Link => [s, r, ids[r]!]));
      const e = await evaluateResolution(wh, truth, { table: { schema: 'golden', name: 'under' }, clusterColumn: 'segment' });
      assertEvaluation(e, {
        pairwise: { precision: 1, recall: 0.5, f1: 2 / 3 },
        bcubed: { precision: 1, recall: 17 / 21 },
        over_merged: 0,
        under_merged: 1,
        ...base,
        clusters: 5,
        predicted_pairs: 2,
        true_positive_pairs: 2,
      });
    });

    it('scores only records on both sides and counts those missing on either', async () => {
      // k1={a1,a2,b1} k2={a3,b2} k3={c}; d1 has no cluster (only in truth); x1 is only predicted.
      // Evaluated: 6 records, cells (k1,A)=2 (k1,B)=1 (k2,A)=1 (k2,B)=1 (k3,C)=1.
      // TP = 1; predicted pairs 3+1 = 4; true pairs 3+1 = 4. B-cubed precision:
      // (4/3 + 1/3 + 1/2 + 1/2 + 1) / 6 = 11/18; recall: (4/3 + 1/2 + 1/3 + 1/2 + 1) / 6 = 11/18.
      const links: Link[] = [['crm', 'a1', 'k1'], ['crm', 'a2', 'k1'], ['crm', 'b1', 'k1'], ['news', 'a3', 'k2'], ['news', 'b2', 'k2'], ['news', cId, 'k3'], ['crm', 'd1', null], ['crm', 'x1', 'k3']];
      await linksTable(wh, 'mixed', 'cluster', 'text', links);
      const e = await evaluateResolution(wh, truth, { table: { schema: 'golden', name: 'mixed' }, clusterColumn: 'cluster' });
      assertEvaluation(e, {
        pairwise: { precision: 0.25, recall: 0.25, f1: 0.25 },
        bcubed: { precision: 11 / 18, recall: 11 / 18 },
        over_merged: 2,
        under_merged: 2,
        records_evaluated: 6,
        clusters: 3,
        persons: 3,
        true_pairs: 4,
        predicted_pairs: 4,
        true_positive_pairs: 1,
        records_only_in_truth: 1,
        records_only_in_prediction: 1,
      });
    });

    it('defines precision and recall as 1 when there are no pairs', async () => {
      const single = join(dir, 'single.csv');
      writeFileSync(single, 'source_system,source_record_id,person_id\ncrm,a1,A\ncrm,b1,B\n');
      const e = await evaluateResolution(wh, single, { table: { schema: 'golden', name: 'under' }, clusterColumn: 'segment' });
      assert.deepEqual([e.pairwise, e.bcubed, e.true_pairs, e.predicted_pairs], [{ precision: 1, recall: 1, f1: 1 }, { precision: 1, recall: 1 }, 0, 0]);
      assert.equal(e.records_only_in_prediction, 5);
    });

    it('rejects a truth file with the wrong header (naming the file and the header expected) or a ragged row', async () => {
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'source_system,record_id,person_id\ncrm,a1,A\n');
      await assert.rejects(
        evaluateResolution(wh, bad),
        (e: unknown) => e instanceof UsageError && e.message.includes(bad) && e.message.includes('"source_system,source_record_id,person_id"'),
      );
      const ragged = join(dir, 'ragged.csv');
      writeFileSync(ragged, 'source_system,source_record_id,person_id\ncrm,a1,A\ncrm,a2\n');
      await assert.rejects(evaluateResolution(wh, ragged), (e: unknown) => e instanceof UsageError && e.message.includes(ragged) && /line 3/.test(e.message));
      // The failed loads left no scratch table behind: the next evaluation works.
      assert.equal((await evaluateResolution(wh, truth)).pairwise.f1, 1);
    });

    it('names a missing table or cluster column', async () => {
      await assert.rejects(evaluateResolution(wh, truth, { table: { schema: 'golden', name: 'nope' } }), /golden\.nope to evaluate does not exist/);
      await assert.rejects(evaluateResolution(wh, truth, { clusterColumn: 'segment' }), /has no column segment/);
    });
  });
}
