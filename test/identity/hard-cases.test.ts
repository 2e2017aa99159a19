// Each rule of identity resolution on hand-made records (test/fixtures/identity-cases), on every
// engine: normalization (nicknames, Gmail dots and plus tags, phone formats, USPS abbreviations,
// accents), the deterministic rules, the guards (household mailbox, Jr/Sr, twins, role mailbox),
// the weighted score, the review queue and its decisions, stable IDs and their history.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { explainPair } from '../../src/identity/explain.js';
import { identityConfig, runResolve, type ResolveResult } from '../../src/identity/resolve.js';
import { decidePair, listReviewQueue } from '../../src/identity/review.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { layerDigests } from '../support/digest.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'identity-cases');
const sourcesYaml = readFileSync(join(fixture, 'sources.yaml'), 'utf8');

/** constituent_id per record id (crm:<id>). */
async function constituents(project: Project): Promise<Record<string, string>> {
  const rows = await inRun(project, (ctx) => ctx.wh.query('SELECT source_record_id, constituent_id FROM golden.constituent_source_links'));
  return Object.fromEntries(rows.map((r) => [String(r['source_record_id']), String(r['constituent_id'])]));
}

const same = (ids: Record<string, string>, a: string, b: string) => ids[a] !== undefined && ids[a] === ids[b];

const resolved = (r: ResolveResult | { skipped: true }): ResolveResult => {
  assert.equal(r.skipped, false, 'resolution ran');
  return r as ResolveResult;
};

for (const engine of engines) {
  describe(`identity resolution rules on ${engine.name}`, { skip: engine.skip }, () => {
    let project: Project;
    let ids: Record<string, string>;

    it('links what the rules say and keeps apart what the guards say', async () => {
      project = makeProject({ warehouse: await engine.freshWarehouse(), sourcesYaml });
      cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
      const result = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(resolved(result.resolve!).records, 17);
      ids = await constituents(project);
      assert.ok(same(ids, 'A1', 'A2'), 'Bob = Robert with one phone in two formats (D2)');
      assert.ok(same(ids, 'B1', 'B2'), 'Gmail dots, plus tag and googlemail.com (D1)');
      assert.ok(!same(ids, 'C1', 'C2'), 'a household mailbox with two first names is not one person');
      assert.ok(!same(ids, 'C1', 'C3') && !same(ids, 'C2', 'C3'), 'a nameless record on a household mailbox joins nobody');
      assert.ok(!same(ids, 'D1', 'D2'), 'Jr and Sr at one address with one phone');
      assert.ok(!same(ids, 'E1', 'E2'), 'twins: same birth date, address and phone');
      assert.ok(same(ids, 'F1', 'F2'), 'accents, USPS abbreviations, unit in line 1 or 2, ZIP+4 (weighted, renormalized)');
      assert.ok(!same(ids, 'G1', 'G2'), 'a role mailbox (info@) is not an identifier');
      assert.ok(!same(ids, 'H1', 'H2'), 'an initial alone is held for review, not matched');
      assert.equal(new Set(Object.values(ids)).size, 14, 'A, B and F pair up; the other 11 records stand alone');
    });

    it('normalizes into the documented shape', async () => {
      const rows = await inRun(project, (ctx) => ctx.wh.query("SELECT * FROM identity.records WHERE source_record_id IN ('A2', 'B2', 'D2', 'F1', 'F2', 'H1')"));
      const by = Object.fromEntries(rows.map((r) => [String(r['source_record_id']), r]));
      assert.equal(by['A2']?.['phone'], '+13125550101', 'extension dropped, E.164');
      assert.equal(by['A2']?.['first_name_canonical'], 'robert');
      assert.equal(by['A2']?.['address'], '123 main st');
      assert.equal(by['B2']?.['email'], 'johndoe@gmail.com');
      assert.equal(by['D2']?.['name_suffix'], 'jr');
      assert.equal(by['D2']?.['address'], '400 w lake st');
      assert.equal(by['F1']?.['unit'], '4');
      assert.equal(by['F2']?.['unit'], '4');
      assert.equal(by['F2']?.['last_name'], 'garcia');
      assert.equal(by['F2']?.['zip5'], '60601');
      assert.equal(by['F2']?.['last_name_soundex'], 'G620');
      assert.equal(by['H1']?.['first_initial'], 'j');
    });

    it('publishes golden records with survivorship, conflicts and the review queue', async () => {
      const [f] = await inRun(project, (ctx) => ctx.wh.query(`SELECT * FROM golden.constituents WHERE constituent_id = '${ids['F1']}'`));
      assert.equal(f?.['canonical_email'], 'mgarcia@work.example.com', 'most recently engaged (no events: most recently updated)');
      assert.equal(f?.['canonical_address_line1'], '55 N Oak Ave #4', 'the most recently updated address');
      assert.equal(f?.['canonical_first_name'], 'María', 'longest name; equal lengths: the most recent');
      assert.equal(f?.['source_records'], 2);
      const conflicts = await inRun(project, (ctx) => ctx.wh.query(`SELECT field FROM golden.conflict_log WHERE constituent_id = '${ids['F1']}' ORDER BY field`));
      assert.deepEqual(conflicts.map((c) => c['field']), ['email']);
      const links = await inRun(project, (ctx) => ctx.wh.query("SELECT source_record_id, match_type, match_rule FROM golden.constituent_source_links WHERE source_record_id IN ('A1', 'B1', 'F1', 'G1')"));
      const link = Object.fromEntries(links.map((l) => [String(l['source_record_id']), `${l['match_type']}/${l['match_rule']}`]));
      assert.deepEqual(link, { A1: 'deterministic/d2_phone_exact', B1: 'deterministic/d1_email_exact', F1: 'probabilistic/weighted', G1: 'unmatched/null' });
      const queue = await inRun(project, (ctx) => listReviewQueue(ctx.wh, 10));
      assert.deepEqual(queue.items.map((i) => [i.key_a, i.key_b].sort().join(' ')), ['crm:H1 crm:H2']);
    });

    it('gives each use-case profile its own cut of the same scored pairs', async () => {
      const rows = await inRun(project, (ctx) => ctx.wh.query("SELECT profile, source_record_id, cluster_id FROM golden.profile_clusters WHERE source_record_id IN ('F1', 'F2', 'A1', 'A2')"));
      const cluster = (profile: string, id: string) => rows.find((r) => r['profile'] === profile && r['source_record_id'] === id)?.['cluster_id'];
      // F1-F2 scored 0.88: a match by default (0.85) and for marketing (0.80), not for major donors (0.90).
      assert.equal(cluster('marketing', 'F1'), cluster('marketing', 'F2'));
      assert.notEqual(cluster('major_donor', 'F1'), cluster('major_donor', 'F2'));
      // A1-A2 matched by the phone rule (0.95): together in both.
      assert.equal(cluster('major_donor', 'A1'), cluster('major_donor', 'A2'));
      assert.equal(rows.length, 8);
    });

    it('explains a pair with every feature and the rule that fired', async () => {
      const e = await inRun(project, (ctx) => explainPair(ctx, identityConfig(ctx), 'crm:F1', 'crm:F2'));
      assert.equal(e.match_type, 'probabilistic');
      assert.equal(e.classification, 'match');
      assert.deepEqual(e.blocking_rules, ['name_zip', 'last_name_address', 'initial_last_name_house_number']);
      const known = e.features.filter((f) => f.similarity !== null);
      const mean = known.reduce((n, f) => n + f.contribution, 0) / known.reduce((n, f) => n + (f.weight ?? 0), 0);
      assert.ok(Math.abs(mean - e.score) < 1e-9, 'the score is the weighted mean of the known features');
      const twins = await inRun(project, (ctx) => explainPair(ctx, identityConfig(ctx), 'crm:E1', 'crm:E2'));
      assert.equal(twins.veto, 'different_first_names');
      assert.equal(twins.deterministic_rule, 'd2_phone_exact');
      assert.equal(twins.classification, 'no_match');
    });

    it('a second run with nothing new leaves every golden table as it was', async () => {
      const before = await inRun(project, (ctx) => layerDigests(ctx.wh, ['golden']));
      const again = await inRun(project, (ctx) => runResolve(ctx));
      assert.equal(again.skipped, true);
      assert.deepEqual(await inRun(project, (ctx) => layerDigests(ctx.wh, ['golden'])), before);
    });

    it('review decisions bind later runs, and IDs stay stable with merges and splits recorded', async () => {
      const queue = await inRun(project, (ctx) => listReviewQueue(ctx.wh, 10));
      await inRun(project, (ctx) => decidePair(ctx.wh, { pairId: queue.items[0]!.pair_id, decision: 'match', decidedBy: 'tester', runId: ctx.runId }));
      const audit = await inRun(project, (ctx) => ctx.wh.query("SELECT actor FROM meta.audit_log WHERE action = 'review_decision'"));
      assert.deepEqual(audit.map((a) => a['actor']), ['tester']);
      const explained = await inRun(project, (ctx) => explainPair(ctx, identityConfig(ctx), 'crm:A1', 'crm:A2'));
      await inRun(project, (ctx) => decidePair(ctx.wh, { pairId: explained.pair_id, decision: 'no_match', decidedBy: 'tester', note: 'two people', runId: ctx.runId }));

      const result = resolved(await inRun(project, (ctx) => runResolve(ctx)));
      const after = await constituents(project);
      assert.ok(same(after, 'H1', 'H2'), 'approved pair merged');
      assert.ok(!same(after, 'A1', 'A2'), 'rejected pair split');
      for (const id of ['B1', 'C1', 'D1', 'E1', 'F1', 'G1']) assert.equal(after[id], ids[id], `${id} kept its constituent_id`);
      assert.ok([after['A1'], after['A2']].includes(ids['A1']), 'one side of the split keeps the old ID');
      assert.deepEqual({ merged: result.ids.merged, split: result.ids.split }, { merged: 1, split: 1 });
      const history = await inRun(project, (ctx) => ctx.wh.query('SELECT old_constituent_id, new_constituent_id, change_type FROM golden.constituent_id_history ORDER BY change_type'));
      assert.deepEqual(
        history.map((h) => h['change_type']),
        ['merge', 'split'],
      );
      const merge = history.find((h) => h['change_type'] === 'merge')!;
      assert.ok([ids['H1'], ids['H2']].includes(String(merge['old_constituent_id'])));
      assert.equal(merge['new_constituent_id'], after['H1']);
      assert.equal(history.find((h) => h['change_type'] === 'split')!['old_constituent_id'], ids['A1']);
    });
  });
}
