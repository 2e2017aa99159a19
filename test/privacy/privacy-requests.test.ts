// Privacy requests end to end on every engine, on the synthetic world: export a person present in
// several sources, erase them through the CLI, search every column of every table for what
// identified them, then load the daily batches plus a new export row carrying their email (a
// Gmail variant) and check they do not come back; a rollback-style restore is undone by
// applyErasures; an unknown email is a clear error.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Project } from '../../src/config/project.js';
import { reconcile } from '../../src/pipeline/reconciliation.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { rollbackTo } from '../../src/publish/rollback.js';
import { erasePerson } from '../../src/privacy/erase.js';
import { exportPerson, type PersonExport } from '../../src/privacy/export.js';
import { applyErasures } from '../../src/privacy/suppress-loads.js';
import { generateWorld } from '../../src/synth/index.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';
import { distinctiveValues, scan, truthPeople, type Values } from './person-scan.js';

let world: string;
let files: string[];
before(async () => {
  world = tempDir('cpm-world-');
  await generateWorld({ scale: 200, seed: 11, days: 2, outDir: world });
  files = readdirSync(world, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !relative(world, e.parentPath).startsWith('_'))
    .map((e) => relative(world, join(e.parentPath, e.name)));
});

const copy = (project: Project, match: (f: string) => boolean) => files.filter(match).forEach((f) => cpSync(join(world, f), join(project.dataDir, f)));
const rawCounts = (project: Project) =>
  inRun(project, async (ctx) => {
    const out: Record<string, number> = {};
    for (const t of await ctx.wh.listTables('raw')) out[t] = Number((await ctx.wh.query(`SELECT COUNT(*) AS n FROM ${ctx.wh.dialect.table('raw', t)}`))[0]?.['n']);
    return out;
  });

/** A Gmail-style variant of the address (dots and a +tag) that identity normalises back to it. */
function variant(email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  return domain === 'gmail.com' ? `${local.slice(0, 1)}.${local.slice(1).toUpperCase()}+news@googlemail.com` : `  ${email.toUpperCase()} `;
}

for (const engine of engines) {
  describe(`privacy requests on ${engine.name}`, { skip: engine.skip }, () => {
    it('exports, erases, keeps the person out of later loads and of restored tables', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      copy(project, (f) => /_initial\./.test(f));
      await inRun(project, (ctx) => runPipeline(ctx));
      const run = (...args: string[]) => cpm([...args, '--project', project.root]);

      // The normalisation privacy requests match on is identity's, row for row.
      const mismatched = await inRun(project, async (ctx) => {
        const { canonicalEmailSql, canonicalPhoneSql, loadEmailRules } = await import('../../src/privacy/normalized-values.js');
        const d = ctx.wh.dialect;
        const rules = loadEmailRules(project.path('config'));
        const rows = await ctx.wh.query(`SELECT COUNT(*) AS n FROM staging.person_records AS p JOIN identity.records AS r ON r.source_system = p.source_system AND r.source_record_id = p.source_record_id
          WHERE COALESCE(${canonicalEmailSql(d, 'p.email', rules)}, '-') <> COALESCE(r.email, '-') OR COALESCE(${canonicalPhoneSql(d, 'p.phone')}, '-') <> COALESCE(r.phone, '-')`);
        return Number(rows[0]?.['n']);
      });
      assert.equal(mismatched, 0, 'canonical email and phone equal identity.records');

      // A donor in at least three systems whose email names one constituent (a donor has mart
      // rows with their name and email: marts.development_capacity).
      let chosen: { email: string; doc: PersonExport } | undefined;
      for (const person of truthPeople(world, 3)) {
        try {
          const doc = await inRun(project, (ctx) => exportPerson(ctx, { email: person.email }));
          if (doc.subject.constituent_ids.length === 1 && doc.subject.records.length >= 3 && doc.tables['marts.development_capacity']?.length) {
            chosen = { email: person.email, doc };
            break;
          }
        } catch (e) {
          if (!(e instanceof Error && e.name === 'AmbiguousSubjectError')) throw e;
        }
      }
      assert.ok(chosen, 'a donor in three sources with their own email');
      const { email } = chosen;

      // Export through the CLI: their rows of every source, raw with its lineage, golden and marts.
      const out = join(tempDir(), 'export.json');
      const exported = run('privacy', 'export', '--email', variant(email), '--out', out, '--json');
      assert.equal(exported.code, 0, exported.stderr);
      const doc = JSON.parse(readFileSync(out, 'utf8')) as PersonExport;
      assert.deepEqual(doc.subject.records, chosen.doc.subject.records, 'the Gmail variant finds the same person');
      const sources = new Set(doc.subject.records.map((r) => r.split(':')[0]!));
      for (const source of sources) {
        const tables = Object.keys(doc.tables);
        assert.ok(tables.some((t) => t.startsWith(`raw.${source}__`)), `raw rows of ${source}`);
        assert.ok(tables.some((t) => t.startsWith(`staging.${source}__`)), `staging rows of ${source}`);
      }
      const rawRow = Object.entries(doc.tables).find(([t]) => t.startsWith('raw.'))![1][0]!;
      for (const c of ['_batch_id', '_source_file', '_source_row']) assert.ok(rawRow[c] !== null && rawRow[c] !== undefined, `raw rows carry ${c}`);
      assert.equal(doc.tables['golden.constituents']?.length, 1);
      assert.equal(doc.tables['golden.constituent_source_links']?.length, doc.subject.records.length);
      assert.equal(doc.tables['staging.person_records']?.length, doc.subject.records.length);
      assert.ok(doc.tables['golden.engagement_events']?.length, 'their engagement events');
      assert.ok(doc.tables['marts.constituent_profile']?.length, 'their mart rows');
      assert.ok(doc.tables['identity.records']?.length, 'their identity working rows');

      // What identifies them, found before the erasure (so the search can fail).
      const mine = new Set(doc.subject.records);
      const values: Values = await inRun(project, async (ctx) => distinctiveValues(await ctx.wh.query('SELECT * FROM staging.person_records'), mine));
      assert.ok(values.contained.some((v) => v.includes('@')), `their email is among the values: ${JSON.stringify(values)}`);
      const before = await inRun(project, (ctx) => scan(ctx.wh, values));
      const snapshotted = (await inRun(project, (ctx) => ctx.wh.listTables('snapshots'))).length > 0;
      const layers = ['raw.', 'staging.', 'identity.', 'golden.', 'marts.', ...(snapshotted ? ['snapshots.'] : [])];
      for (const layer of layers) assert.ok(before.some((h) => h.startsWith(layer)), `found in ${layer} before: ${before.join('; ')}`);
      const countsBefore = await rawCounts(project);

      const dry = run('privacy', 'erase', '--email', email, '--dry-run', '--json');
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(JSON.parse(dry.stdout).status, 'planned');
      assert.deepEqual(await inRun(project, (ctx) => scan(ctx.wh, values)), before, 'a dry run changes nothing');
      const refused = run('privacy', 'erase', '--email', email);
      assert.equal(refused.code, 2, 'no --yes without a terminal');
      assert.match(refused.stderr, /pass --yes/);

      const erased = run('privacy', 'erase', '--email', email, '--yes', '--reason', 'ticket 42', '--json');
      assert.equal(erased.code, 0, erased.stderr);
      const result = JSON.parse(erased.stdout);
      assert.equal(result.status, 'completed');
      assert.equal(result.suppressed.record, doc.subject.records.length);
      assert.ok(result.suppressed.email >= 1);

      assert.deepEqual(await inRun(project, (ctx) => scan(ctx.wh, values)), [], 'nothing that identified them is left in any table');
      assert.deepEqual(await rawCounts(project), countsBefore, 'raw keeps every row');
      await inRun(project, async (ctx) => {
        const [audit] = await ctx.wh.query(`SELECT actor, detail FROM meta.audit_log WHERE action = 'privacy_erase'`);
        assert.ok(audit, 'the erasure is in the audit log');
        const detail = JSON.parse(String(audit['detail']));
        assert.equal(detail.request_id, result.request_id);
        assert.ok(detail.tables.some((t: { table: string; rows: number }) => t.table === 'golden.constituents' && t.rows === 1));
        const [request] = await ctx.wh.query(`SELECT action, status, reason FROM privacy.requests WHERE request_id = ${ctx.wh.dialect.stringLiteral(result.request_id)}`);
        assert.deepEqual(request, { action: 'erase', status: 'completed', reason: 'ticket 42' });
        const unaccounted = (await reconcile(ctx.wh, ctx.project.sources)).filter((r) => r.unaccounted !== 0);
        assert.deepEqual(unaccounted, [], 'raw = staged + quarantined + superseded still holds');
      });

      // Erasing again is fine; an unknown address is a clear error.
      const again = await inRun(project, (ctx) => erasePerson(ctx, { email }));
      assert.equal(again.status, 'already_erased');
      const unknown = run('privacy', 'erase', '--email', 'nobody-at-all@example.org', '--yes');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /no one with that email address/);
      assert.doesNotMatch(unknown.stderr, /nobody-at-all/, 'errors never repeat the address (they are stored in meta.runs)');

      // A restore of tables from before the erasure (what a rollback does) is undone by applyErasures.
      await inRun(project, async (ctx) => {
        const links = await ctx.wh.query('SELECT COUNT(*) AS n FROM golden.constituent_source_links');
        const copyBack = doc.tables['golden.constituent_source_links']!;
        const cols = Object.keys(copyBack[0]!);
        const d = ctx.wh.dialect;
        for (const r of copyBack) {
          await ctx.wh.execute(`INSERT INTO golden.constituent_source_links (${cols.join(', ')}) VALUES (${cols.map((c) => (c === 'matched_at' ? d.cast(d.literal(r[c] ?? null), 'timestamp') : d.literal(r[c] ?? null))).join(', ')})`);
        }
        const undone = await applyErasures(ctx.wh);
        assert.deepEqual(undone, [{ table: 'golden.constituent_source_links', rows: copyBack.length }]);
        assert.deepEqual(await ctx.wh.query('SELECT COUNT(*) AS n FROM golden.constituent_source_links'), links);
      });

      // The day batches, and a new contact carrying their email in another spelling.
      copy(project, (f) => /_\d{4}-\d{2}-\d{2}\./.test(f));
      const header = readFileSync(join(project.dataDir, 'email_marketing/contacts/contacts_initial.csv'), 'utf8').split('\n')[0];
      assert.equal(header, 'contact_id,email,first_name,last_name,lists,status,created_at,unsubscribed_at,updated_at');
      writeFileSync(join(project.dataDir, 'email_marketing/contacts/contacts_2026-07-09.csv'), `${header}\nzz-returning,${variant(email)},Someone,Else,WBEZ Newsletter,subscribed,2026-07-01 10:00:00,,2026-07-01 10:00:00\n`);
      const later = await inRun(project, (ctx) => runPipeline(ctx));
      assert.ok(later.ingest.some((r) => r.rows > 0));
      await inRun(project, async (ctx) => {
        const keys = [...doc.subject.records, 'email_marketing:zz-returning'].map((k) => ctx.wh.dialect.stringLiteral(k)).join(', ');
        const staged = await ctx.wh.query(`SELECT source_system, source_record_id FROM staging.person_records WHERE source_system || ':' || source_record_id IN (${keys})`);
        assert.deepEqual(staged, [], 'none of their records is staged again');
        const linked = await ctx.wh.query(`SELECT constituent_id FROM golden.constituent_source_links WHERE source_system || ':' || source_record_id IN (${keys})`);
        assert.deepEqual(linked, [], 'nor linked to a golden record');
        const [returning] = await ctx.wh.query(`SELECT email, contact_id, _batch_id FROM raw.email_marketing__contacts WHERE contact_id = 'zz-returning'`);
        assert.equal(returning?.['email'], '[erased]', 'the new row is redacted in raw as it lands');
        const [reason] = await ctx.wh.query(`SELECT reason FROM quality.quarantine WHERE source = 'email_marketing' AND stream = 'contacts' AND batch_id = ${Number(returning?.['_batch_id'])}`);
        assert.equal(reason?.['reason'], `suppressed (privacy erase ${result.request_id})`);
        const unaccounted = (await reconcile(ctx.wh, ctx.project.sources)).filter((r) => r.unaccounted !== 0);
        assert.deepEqual(unaccounted, [], 'reconciliation holds after the later load');
      });
      assert.deepEqual(await inRun(project, (ctx) => scan(ctx.wh, values)), [], 'still nothing after the later load');

      // A rollback to the snapshot of the first run, taken before the erasure, does not bring them back.
      if (snapshotted) {
        const [first] = await inRun(project, (ctx) => ctx.wh.query('SELECT run_id FROM meta.snapshots ORDER BY created_at, run_id LIMIT 1'));
        await inRun(project, (ctx) => rollbackTo(ctx, String(first?.['run_id'])));
        assert.deepEqual(await inRun(project, (ctx) => scan(ctx.wh, values)), [], 'nothing after a rollback to before the erasure');
        const linked = await inRun(project, (ctx) => ctx.wh.query('SELECT COUNT(*) AS n FROM golden.constituent_source_links'));
        assert.ok(Number(linked[0]?.['n']) > 0, 'the rollback restored the golden layer');
      }
    });
  });
}
