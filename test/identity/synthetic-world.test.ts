// Identity resolution of the synthetic public-media world with the default config, on every
// engine: accuracy against the generator's ground truth, a well-formed golden layer, and the
// same people on every engine.
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { evaluateResolution } from '../../src/identity/evaluate.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

let world: string;
before(async () => {
  world = tempDir('cpm-world-');
  await generateWorld({ scale: 3000, seed: 11, outDir: world });
});

const partitionByEngine: Record<string, string[]> = {};

for (const engine of engines) {
  describe(`the synthetic world resolved on ${engine.name}`, { skip: engine.skip }, () => {
    it('matches with high precision, links every record once and agrees across engines', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      for (const entry of readdirSync(world)) cpSync(join(world, entry), join(project.dataDir, entry), { recursive: true });
      await inRun(project, (ctx) => runPipeline(ctx));

      const e = await inRun(project, (ctx) => evaluateResolution(ctx.wh, join(world, '_truth', 'source_records.csv')));
      assert.equal(e.records_only_in_truth, 0, 'every truth record was resolved');
      // Just below what the 20,000-person demo world measures (docs/identity.md: precision 0.997,
      // recall 0.75, and why recall cannot reach much higher on this world).
      assert.ok(e.pairwise.precision >= 0.995, `pairwise precision ${e.pairwise.precision}`);
      assert.ok(e.pairwise.recall >= 0.7, `pairwise recall ${e.pairwise.recall}`);

      const [counts] = await inRun(project, (ctx) =>
        ctx.wh.query(`SELECT
          (SELECT COUNT(*) FROM staging.person_records) AS records,
          (SELECT COUNT(*) FROM golden.constituent_source_links) AS links,
          (SELECT COUNT(DISTINCT source_system || ':' || source_record_id) FROM golden.constituent_source_links) AS linked_records,
          (SELECT COUNT(*) FROM golden.constituents) AS constituents,
          (SELECT COUNT(DISTINCT constituent_id) FROM golden.constituent_source_links) AS linked_constituents,
          (SELECT COUNT(*) FROM golden.engagement_events) AS golden_events,
          (SELECT COUNT(*) FROM staging.events AS e JOIN staging.person_records AS p
             ON p.source_system = e.source_system AND p.source_record_id = e.source_record_id) AS linkable_events,
          (SELECT COUNT(*) FROM golden.constituents WHERE total_gift_count > 0) AS donors,
          (SELECT COUNT(*) FROM golden.constituents WHERE is_sustainer) AS sustainers`),
      );
      assert.equal(counts!['links'], counts!['records'], 'one link per person record');
      assert.equal(counts!['linked_records'], counts!['records']);
      assert.equal(counts!['constituents'], counts!['linked_constituents'], 'every constituent has links and every link a constituent');
      assert.equal(counts!['golden_events'], counts!['linkable_events'], 'every event of every linked record');
      assert.ok(Number(counts!['donors']) > 0 && Number(counts!['sustainers']) > 0, 'giving and sustainer fields are filled');

      // Engagement dates are the constituent's own events: an email sent to them is not one.
      const [engagement] = await inRun(project, (ctx) =>
        ctx.wh.query(`SELECT
          SUM(CASE WHEN c.first_engagement_date = x.first_engaged AND c.last_engagement_date = x.last_engaged THEN 1 ELSE 0 END) AS agree,
          SUM(CASE WHEN x.last_sent > c.last_engagement_date THEN 1 ELSE 0 END) AS sent_after_last_engaged,
          COUNT(*) AS engaged
        FROM golden.constituents AS c JOIN (
          SELECT constituent_id, MIN(CASE WHEN event_type <> 'email_send' THEN event_date END) AS first_engaged,
            MAX(CASE WHEN event_type <> 'email_send' THEN event_date END) AS last_engaged,
            MAX(CASE WHEN event_type = 'email_send' THEN event_date END) AS last_sent
          FROM golden.engagement_events GROUP BY constituent_id) AS x ON x.constituent_id = c.constituent_id
        WHERE x.last_engaged IS NOT NULL`),
      );
      assert.equal(Number(engagement!['agree']), Number(engagement!['engaged']), 'engagement dates from the events of every linked record');
      assert.ok(Number(engagement!['sent_after_last_engaged']) > 0, 'emails sent after the last engagement do not move it');

      const links = await inRun(project, (ctx) => ctx.wh.query('SELECT constituent_id, source_system, source_record_id FROM golden.constituent_source_links'));
      const groups = new Map<string, string[]>();
      for (const l of links) groups.set(String(l['constituent_id']), [...(groups.get(String(l['constituent_id'])) ?? []), `${l['source_system']}:${l['source_record_id']}`]);
      const partition = [...groups.values()].map((g) => g.sort().join(' ')).sort();
      const other = Object.values(partitionByEngine)[0];
      if (other) assert.deepEqual(partition, other, 'the same people as on the other engine');
      partitionByEngine[engine.name] = partition;
    });
  });
}
