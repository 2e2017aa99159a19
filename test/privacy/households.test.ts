// Privacy requests where people share things, on the hand-made records of
// test/fixtures/identity-cases, on every engine: a household mailbox names two people (the request
// is refused, with their ids), twins share a phone (erasing one suppresses her records and email
// but not the phone, so her sister's next record still loads), a role mailbox is never suppressed,
// and a new record with the erased person's email in another spelling is kept out.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { runResolve } from '../../src/identity/resolve.js';
import { runIngest } from '../../src/pipeline/ingest.js';
import { runStage } from '../../src/pipeline/stage.js';
import { erasePerson } from '../../src/privacy/erase.js';
import { exportPerson } from '../../src/privacy/export.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'identity-cases');
const header = 'id,first,middle,last,suffix,email,phone,phone_type,address1,address2,city,state,zip,birth_date,updated';
// Every people*.csv, so a later export file can be added.
const sourcesYaml = readFileSync(join(fixture, 'sources.yaml'), 'utf8').replace('path: crm/people.csv', 'path: crm/people*.csv');

const load = (project: Project) =>
  inRun(project, async (ctx) => {
    await runIngest(ctx);
    await runStage(ctx);
    await runResolve(ctx);
  });
const staged = (project: Project) => inRun(project, async (ctx) => (await ctx.wh.query('SELECT source_record_id FROM staging.person_records ORDER BY source_record_id')).map((r) => String(r['source_record_id'])));
const constituentOf = (project: Project, id: string) =>
  inRun(project, async (ctx) => String((await ctx.wh.query(`SELECT constituent_id FROM golden.constituent_source_links WHERE source_record_id = '${id}'`))[0]?.['constituent_id']));
const rejection = (fn: () => Promise<unknown>) =>
  fn().then(
    () => assert.fail('expected an error'),
    (e: Error) => e,
  );

for (const engine of engines) {
  describe(`privacy requests among shared mailboxes and phones on ${engine.name}`, { skip: engine.skip }, () => {
    it('refuses a request that reaches two people and never suppresses what others share', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse(), sourcesYaml });
      cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
      await load(project);

      // Alice and George Walker share thewalkers@gmail.com: two people, so no answer by email.
      const alice = await constituentOf(project, 'C1');
      const george = await constituentOf(project, 'C2');
      assert.notEqual(alice, george);
      const ambiguous = await rejection(() => inRun(project, (ctx) => exportPerson(ctx, { email: 'TheWalkers@gmail.com' })));
      assert.equal(ambiguous.name, 'AmbiguousSubjectError');
      assert.ok(ambiguous.message.includes(alice) && ambiguous.message.includes(george), ambiguous.message);
      assert.doesNotMatch(ambiguous.message, /walkers/i, 'the address is not repeated (messages are stored in meta.runs)');
      assert.match((ambiguous as Error & { hint?: string }).hint ?? '', /--constituent/);
      const aliceExport = await inRun(project, (ctx) => exportPerson(ctx, { constituent: alice }));
      assert.ok(aliceExport.subject.records.includes('crm:C1') && !aliceExport.subject.records.includes('crm:C2'));
      // An id Alice had before a merge still finds her (golden.constituent_id_history).
      await inRun(project, (ctx) =>
        ctx.wh.execute(`INSERT INTO golden.constituent_id_history (old_constituent_id, new_constituent_id, change_type, records_moved, run_id) VALUES ('old-alice', '${alice}', 'merge', 1, 'r0')`),
      );
      const byOldId = await inRun(project, (ctx) => exportPerson(ctx, { constituent: 'old-alice' }));
      assert.deepEqual(byOldId.subject.constituent_ids, [alice]);
      assert.deepEqual(byOldId.subject.former_constituent_ids, ['old-alice']);
      assert.deepEqual(byOldId.subject.records, aliceExport.subject.records);
      assert.equal(byOldId.tables['golden.constituent_id_history']?.length, 1, 'the history row is theirs too');

      // Rows of Emma's that staging never took: one without a key (quarantined), and a line the
      // reader rejected (too many fields), kept whole in quarantine.
      writeFileSync(join(project.dataDir, 'crm', 'people_1.csv'), `${header}\n,Emma,,Lopez,,emma.l@example.com,,,,,,,,,2024-05-01\nE9,Emma,,Lopez,,emma.l@example.com,,,,,,,,,2024-05-01,extra,fields\n`);
      await load(project);
      const held = await inRun(project, (ctx) => ctx.wh.query(`SELECT layer, record FROM quality.quarantine WHERE source = 'crm' ORDER BY layer`));
      assert.ok(held.some((r) => r['layer'] === 'staging'), 'the keyless row is quarantined');
      assert.ok(held.some((r) => r['layer'] === 'raw' && String(r['record']).includes('emma.l@example.com')), 'the reader rejected the ragged line');

      // Emma and Olivia Lopez (twins) share a phone; Emma is erased by her email.
      const emma = await inRun(project, (ctx) => erasePerson(ctx, { email: 'emma.l@example.com' }));
      assert.equal(emma.status, 'completed');
      assert.deepEqual(emma.suppressed, { record: 1, constituent: 1, email: 1, phone: 0 });
      assert.equal(emma.not_suppressed.shared_phones, 1);
      assert.ok((await staged(project)).includes('E2'), "Olivia's record stays");
      const emmaLeft = async () =>
        inRun(project, async (ctx) => [
          ...(await ctx.wh.query(`SELECT id FROM raw.crm__people WHERE LOWER(email) LIKE '%emma.l@%'`)),
          ...(await ctx.wh.query(`SELECT layer FROM quality.quarantine WHERE LOWER(record) LIKE '%emma.l@%'`)),
        ]);
      assert.deepEqual(await emmaLeft(), [], 'the keyless row and the rejected line are redacted too');
      const redactedLines = await inRun(project, (ctx) => ctx.wh.query(`SELECT COUNT(*) AS n FROM quality.quarantine WHERE layer = 'raw' AND record = '[erased]'`));
      assert.equal(redactedLines[0]?.['n'], 1, 'the rejected line is kept, its text redacted');
      await inRun(project, async (ctx) => {
        const [olivia] = await ctx.wh.query(`SELECT canonical_phone FROM golden.constituents AS c JOIN golden.constituent_source_links AS l ON l.constituent_id = c.constituent_id WHERE l.source_record_id = 'E2'`);
        assert.equal(olivia?.['canonical_phone'], '+18475550123', "Olivia keeps her golden record and the phone");
      });

      // Tom Baker's role mailbox is on two records (two people): erasing one suppresses no mailbox.
      const tomId = await constituentOf(project, 'G1');
      const tom = await inRun(project, (ctx) => erasePerson(ctx, { constituent: tomId }));
      assert.equal(tom.suppressed.email, 0);
      assert.equal(tom.not_suppressed.generic_emails, 1);

      // Unknown ids and addresses are errors, not empty answers.
      const unknown = await rejection(() => inRun(project, (ctx) => erasePerson(ctx, { constituent: '00000000-0000-0000-0000-000000000000' })));
      assert.equal(unknown.name, 'UnknownSubjectError');

      // A later export: Olivia again (same phone: loads), Emma under a new id (same email: kept out),
      // and another record of the mailbox Tom shared (loads).
      writeFileSync(
        join(project.dataDir, 'crm', 'people_2.csv'),
        `${header}\n` +
          'E3,Olivia,,Lopez,,,847-555-0123,mobile,77 Pine Road,,Skokie,IL,60076,1999-05-05,2024-06-01\n' +
          'E4,Em,,Lopez,, EMMA.L@Example.com ,,,,,,,,,2024-06-01\n' +
          'G3,Tom,,Baker,,info@acme-bakery.example.com,,,1 Market St,,Chicago,IL,60605,,2024-06-01\n' +
          'E8,Emma,,Lopez,,emma.l@example.com,,,,,,,,,2024-06-01,extra,fields\n',
      );
      await load(project);
      assert.deepEqual(await emmaLeft(), [], 'nothing of Emma survives the later load, rejected lines included');
      const now = await staged(project);
      assert.ok(now.includes('E3') && now.includes('G3'), `the others load: ${now.join(' ')}`);
      assert.ok(!now.includes('E4') && !now.includes('E1') && !now.includes('G1'), `the erased do not: ${now.join(' ')}`);
      await inRun(project, async (ctx) => {
        const [raw] = await ctx.wh.query(`SELECT first, email, updated FROM raw.crm__people WHERE id = 'E4'`);
        assert.deepEqual(raw, { first: '[erased]', email: '[erased]', updated: '2024-06-01' }, 'redacted as it landed; non-personal fields kept');
        const [learned] = await ctx.wh.query(`SELECT request_id, added_by FROM privacy.suppression_list WHERE added_by = 'landing'`);
        assert.equal(learned?.['request_id'], emma.request_id);
      });
    });
  });
}
