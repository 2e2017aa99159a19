// The identity commands from the command line, on the hand-made records of
// test/fixtures/identity-cases: resolve, explain, blocking, the review queue, evaluate, and the
// errors people will meet (an unknown record, a bad truth file, a pair id that does not exist).
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import { makeProject, tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'identity-cases');

describe('identity commands', () => {
  const project = makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }), sourcesYaml: readFileSync(join(fixture, 'sources.yaml'), 'utf8') });
  cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
  const run = (...args: string[]) => cpm([...args, '--project', project.root]);
  const json = (...args: string[]) => {
    const r = run(...args, '--json');
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };

  it('resolve, then explain a pair and report blocking', () => {
    assert.equal(run('ingest').code, 0);
    assert.equal(run('stage').code, 0);
    const resolved = json('resolve');
    assert.equal(resolved.mode, 'full');
    assert.equal(resolved.golden.constituents, 14);
    assert.deepEqual(json('resolve'), { skipped: true });

    const explained = json('identity', 'explain', 'crm:A1', 'crm:A2');
    assert.equal(explained.deterministic_rule, 'd2_phone_exact');
    assert.equal(explained.same_constituent, true);
    const human = run('identity', 'explain', 'crm:E1', 'crm:E2');
    assert.match(human.stderr, /vetoed by guard different_first_names/);

    const blocking = json('identity', 'blocking');
    assert.deepEqual(
      blocking.rules.map((r: { rule: string }) => r.rule),
      ['email', 'phone', 'name_zip', 'last_name_address', 'initial_last_name_house_number', 'soundex_birth_date'],
    );
    assert.ok(blocking.candidatePairs > 0);
  });

  it('the review queue: list, show, approve, and the next resolve honours it', () => {
    const queue = json('review', 'list');
    assert.equal(queue.total, 1);
    const pair = queue.items[0].pair_id;
    const shown = run('review', 'show', pair);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stderr, /held by initial_only/);
    assert.match(shown.stderr, /no decision yet/);
    const approved = json('review', 'approve', pair, '--by', 'ana', '--note', 'same person, checked by phone');
    assert.equal(approved.decision, 'match');
    const after = json('resolve');
    assert.equal(after.mode, 'incremental');
    assert.equal(json('identity', 'explain', 'crm:H1', 'crm:H2').same_constituent, true);
    assert.equal(json('review', 'list').total, 0);
    assert.match(run('review', 'show', pair).stderr, /ana: match \(same person, checked by phone\)/);
  });

  it('evaluates against a truth file', () => {
    const truth = join(tempDir(), 'truth.csv');
    const people: Record<string, string> = { A1: 'a', A2: 'a', B1: 'b', B2: 'b', F1: 'f', F2: 'f', H1: 'h', H2: 'h' };
    const ids = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'C3', 'D1', 'D2', 'E1', 'E2', 'F1', 'F2', 'G1', 'G2', 'H1', 'H2'];
    writeFileSync(truth, ['source_system,source_record_id,person_id', ...ids.map((id) => `crm,${id},${people[id] ?? id}`)].join('\n'));
    const e = json('identity', 'evaluate', '--truth', truth);
    assert.deepEqual(e.pairwise, { precision: 1, recall: 1, f1: 1 });
    assert.equal(e.over_merged, 0);
    assert.equal(e.under_merged, 0);
    // Major donors (0.90) keep F1/F2 (0.88) apart: recall drops, precision stays.
    const strict = json('identity', 'evaluate', '--truth', truth, '--profile', 'major_donor');
    assert.equal(strict.pairwise.precision, 1);
    assert.equal(strict.under_merged, 1);
    const unknown = run('identity', 'evaluate', '--truth', truth, '--profile', 'nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no profile "nope".*\n.*major_donor, marketing/);
  });

  it('says what is wrong, and exits 2', () => {
    const unknown = run('identity', 'explain', 'crm:A1', 'crm:NOPE');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no person record "crm:NOPE"/);
    const badTruth = join(tempDir(), 'bad.csv');
    writeFileSync(badTruth, 'system,id,person\ncrm,A1,a\n');
    const bad = run('identity', 'evaluate', '--truth', badTruth);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /source_system,source_record_id,person_id/);
    const noPair = run('review', 'approve', 'ffffffffffff');
    assert.equal(noPair.code, 2);
    assert.match(noPair.stderr, /no scored pair with id "ffffffffffff"/);
  });
});
