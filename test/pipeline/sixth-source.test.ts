// A source added with YAML only (test/fixtures/volunteer-hub): CSV with BOM/CRLF/quoted line
// breaks, a semicolon-delimited Latin-1 export, and JSON lines, through raw and staging on
// every engine, with the same results everywhere.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProject } from '../../src/config/project.js';
import { ConfigError } from '../../src/errors/cpm-error.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { runStage } from '../../src/pipeline/stage.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import { layerDigests, tableRows } from '../support/digest.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'volunteer-hub');
const sourcesYaml = readFileSync(join(fixture, 'sources.yaml'), 'utf8');

async function fixtureProject(engine: (typeof engines)[number]) {
  const project = makeProject({ warehouse: await engine.freshWarehouse(), sourcesYaml });
  cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
  return project;
}

const digestsByEngine: Record<string, Record<string, string>> = {};

for (const engine of engines) {
  describe(`a sixth source from YAML only on ${engine.name}`, { skip: engine.skip }, () => {
    it('lands every file in raw, types staging, quarantines what cannot be typed', async () => {
      const project = await fixtureProject(engine);
      const result = await inRun(project, (ctx) => runPipeline(ctx));
      const byStream = Object.fromEntries(result.ingest.map((r) => [r.stream, r]));
      assert.equal(byStream['volunteers']?.rows, 8, 'two files, one ragged line rejected');
      assert.equal(byStream['volunteers']?.rejected, 1);
      assert.equal(byStream['shifts']?.rows, 6);
      assert.equal(byStream['badges']?.rows, 5, 'a malformed line and a non-object line do not stop the file');
      assert.equal(byStream['badges']?.rejected, 2);

      const wh = await openWarehouse(project);
      try {
        const volunteers = (await wh.query('SELECT * FROM staging.volunteer_hub__volunteers')).sort((a, b) => String(a['volunteer_id']).localeCompare(String(b['volunteer_id'])));
        assert.deepEqual(volunteers.map((v) => v['volunteer_id']), ['V1', 'V5', 'V6', 'V7']);
        const v1 = volunteers[0]!;
        assert.equal(v1['email'], 'bob.smith@example.com', 'the later export of V1 wins');
        assert.equal(v1['first_name'], 'Robert');
        assert.equal(v1['last_name'], 'Smith');
        assert.equal(v1['name_suffix'], 'Jr');
        assert.equal(v1['active'], true);
        assert.equal(v1['joined_on'], '2020-01-02');
        const v5 = volunteers[1]!;
        assert.equal(v5['updated_at'], '2024-01-05 10:00:00', 'an older version in a later file does not overwrite');
        assert.equal(v5['last_name'], "O'Brien");
        assert.equal(volunteers[2]!['full_name'], 'Line Break', 'a quoted line break is one field');
        assert.equal(volunteers[3]!['first_name'], '王');

        const shifts = await wh.query('SELECT shift_id, volunteer_id, hours, drive_code FROM staging.volunteer_hub__shifts ORDER BY shift_id');
        assert.deepEqual(shifts.map((s) => s['shift_id']), ['S1', 'S2', 'S3', 'S4', 'S6']);
        assert.equal(shifts[0]!['hours'], 3.5);
        assert.equal(shifts[4]!['volunteer_id'], 'Véronique', 'Latin-1 decoded');

        const quarantine = await wh.query('SELECT layer, stream, source_row, reason FROM quality.quarantine ORDER BY stream, source_row');
        const reasons = quarantine.map((q) => `${q['layer']} ${q['stream']}:${q['source_row']} ${q['reason']}`);
        assert.equal(quarantine.length, 7);
        assert.ok(reasons.some((r) => r.startsWith('raw volunteers:4') && r.includes('TOO MANY COLUMNS') && r.includes('(line 5)')), reasons.join('\n'));
        assert.ok(reasons.includes('raw badges:2 MALFORMED JSON: the line is not one JSON object'), reasons.join('\n'));
        assert.ok(reasons.includes('raw badges:4 MALFORMED JSON: the line is not one JSON object'));
        assert.ok(reasons.some((r) => r.includes("Joined: '13/45/2020' is not a date like %m/%d/%Y")));
        assert.ok(reasons.some((r) => r.includes("Active: 'maybe' is not a valid boolean")));
        assert.ok(reasons.some((r) => r.includes("Logged: '32.13.2024 10:00' is not a timestamp")));
        assert.ok(reasons.some((r) => r.startsWith('staging badges:3')));

        // Raw keeps every landed row, including those staging left out.
        const [raw] = await wh.query('SELECT COUNT(*) AS n FROM raw.volunteer_hub__volunteers');
        assert.equal(raw!['n'], 8);
        const rejectedLines = await wh.query("SELECT record FROM quality.quarantine WHERE layer = 'raw' ORDER BY stream, source_row");
        assert.deepEqual(rejectedLines.map((r) => r['record']), ['{"id":"B10", broken', '[1,2]', 'V4,Zoë,zoe@example.org,,no,02/03/2021,2024-01-04 10:00:00,EXTRA']);
        const [late] = await wh.query("SELECT \"level\" FROM raw.volunteer_hub__badges WHERE id = 'B11'");
        assert.equal(late!['level'], '3', 'a key that first appears late in a file is kept in raw');

        const people = await tableRows(wh, 'staging', 'person_records');
        assert.equal(people.length, 8);
        const events = await wh.query("SELECT event_id, event_type, amount, campaign_code FROM staging.events ORDER BY event_id");
        assert.deepEqual(events.map((e) => e['event_id']), ['shifts:0:S1', 'shifts:0:S2', 'shifts:0:S3', 'shifts:0:S4', 'shifts:0:S6']);
        assert.equal(events[2]!['amount'], 1.5);
        digestsByEngine[engine.name] = await layerDigests(wh, ['raw', 'staging']);
      } finally {
        await wh.close();
      }
    });

    it('a second run adds nothing and leaves every table identical, even with a renamed copy of a file', async () => {
      const project = await fixtureProject(engine);
      copyFileSync(join(project.dataDir, 'shifts', 'shifts_march.csv'), join(project.dataDir, 'shifts', 'shifts_march_copy.csv'));
      const first = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(first.ingest.find((r) => r.stream === 'shifts')?.rows, 6, 'the copy in the same run adds nothing');
      const before = await inRun(project, (ctx) => layerDigests(ctx.wh, ['raw', 'staging', 'quality']));
      copyFileSync(join(project.dataDir, 'badges', 'badges_1.jsonl'), join(project.dataDir, 'badges', 'badges_renamed.jsonl'));
      const again = await inRun(project, (ctx) => runPipeline(ctx));
      assert.equal(again.ingest.reduce((n, r) => n + r.rows + r.filesLoaded, 0), 0);
      const after = await inRun(project, (ctx) => layerDigests(ctx.wh, ['raw', 'staging', 'quality']));
      assert.deepEqual(after, before);
    });
  });
}

describe('full refresh', () => {
  for (const engine of engines) {
    it(`rebuilds staging from raw to the same tables, and re-lands files as new batches, on ${engine.name}`, { skip: engine.skip }, async () => {
      const project = await fixtureProject(engine);
      await inRun(project, (ctx) => runPipeline(ctx));
      const staged = (exclude?: string[]) => inRun(project, (ctx) => layerDigests(ctx.wh, ['staging'], exclude));
      const before = await staged();
      const values = await staged(['_batch_id']);
      await inRun(project, (ctx) => runStage(ctx, { fullRefresh: true }));
      assert.deepEqual(await staged(), before);
      const again = await inRun(project, (ctx) => runPipeline(ctx, { fullRefresh: true }));
      assert.equal(again.ingest.find((r) => r.stream === 'volunteers')?.rows, 8, 'every file landed again');
      const [raw] = await inRun(project, (ctx) => ctx.wh.query('SELECT COUNT(*) AS n FROM raw.volunteer_hub__volunteers'));
      assert.equal(raw!['n'], 16, 'raw is append-only: the first landing stays');
      assert.deepEqual(await staged(['_batch_id']), values, 'the same current rows, now from the new batches');
    });
  }
});

describe('a mapping that gains a column', () => {
  for (const engine of engines) {
    it(`adds it to staging on the next run on ${engine.name}`, { skip: engine.skip }, async () => {
      const project = await fixtureProject(engine);
      await inRun(project, (ctx) => runPipeline(ctx));
      const widened = sourcesYaml.replace('- { source: Phone, target: phone }', '- { source: Phone, target: phone }\n          - { source: Phone, target: phone_digits, transform: [digits_only] }');
      writeFileSync(join(project.root, 'config', 'sources.yaml'), widened);
      writeFileSync(join(project.dataDir, 'volunteers', 'volunteers_2024-03-01.csv'), 'VolID,Name,E-mail,Phone,Active,Joined,Updated\nV8,Ada Lovelace,ada@example.org,(312) 555-0188,yes,03/01/2024,2024-03-01 09:00:00\n');
      await inRun(loadProject(project.root), (ctx) => runPipeline(ctx));
      const rows = await inRun(project, (ctx) => ctx.wh.query("SELECT volunteer_id, phone_digits FROM staging.volunteer_hub__volunteers WHERE volunteer_id IN ('V1', 'V8') ORDER BY volunteer_id"));
      assert.deepEqual(rows, [{ volunteer_id: 'V1', phone_digits: null }, { volunteer_id: 'V8', phone_digits: '3125550188' }]);
    });
  }
});

describe('a mapping that names a column the export lacks', () => {
  it('fails validation with the source, the column and the columns that exist', async () => {
    const project = makeProject({ warehouse: await engines[0]!.freshWarehouse(), sourcesYaml: sourcesYaml.replace('source: E-mail,', 'source: Email,') });
    cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
    await assert.rejects(
      inRun(project, (ctx) => runPipeline(ctx)),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message.includes('volunteer_hub.volunteers: column "Email" (mapped to email) is not in volunteers/volunteers_2024-01-06.csv; the file has: VolID, Name, E-mail, Phone, Active, Joined, Updated'),
    );
  });
});

describe('engines agree', () => {
  it('raw and staging are identical on every engine that ran', (t) => {
    const names = Object.keys(digestsByEngine);
    if (names.length < 2) return t.skip(`only ${names.join(', ') || 'no engine'} ran`);
    for (const name of names.slice(1)) assert.deepEqual(digestsByEngine[name], digestsByEngine[names[0]!], `${name} differs from ${names[0]}`);
  });
});
