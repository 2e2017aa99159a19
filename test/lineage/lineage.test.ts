// Lineage and audit: the model graph from sources to metrics, field provenance of golden
// records, data_quality_score, run history and the audit log, on every engine.
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { getDialect } from '../../src/dialect/registry.js';
import { dataQualityParts } from '../../src/identity/data-quality-score.js';
import { constituentProvenance } from '../../src/lineage/field-provenance.js';
import { lineageOf, projectLineage } from '../../src/lineage/graph.js';
import { lineageMermaid } from '../../src/lineage/render.js';
import { runHistory } from '../../src/lineage/run-history.js';
import { projectDictionary } from '../../src/metrics/engine.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import { engines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';

let world: string;
before(async () => {
  world = tempDir('cpm-world-');
  await generateWorld({ scale: 300, seed: 5, outDir: world });
});

describe('the lineage graph', () => {
  const project = makeProject({ warehouse: { type: 'duckdb' } as never });
  const graph = projectLineage(project, getDialect('duckdb'), projectDictionary(project));
  const has = (from: string, to: string) => graph.edges.some((e) => e.from === from && e.to === to);

  it('runs from each source through raw, staging and golden to marts and metrics', () => {
    assert.ok(has('source:wbez_donations.gifts', 'raw.wbez_donations__gifts'));
    assert.ok(has('raw.wbez_donations__gifts', 'staging.wbez_donations__gifts'));
    assert.ok(has('staging.wbez_donations__donors', 'staging.person_records'));
    assert.ok(has('staging.person_records', 'golden.constituents'));
    assert.ok(has('golden.constituents', 'marts.constituent_profile'));
    assert.ok(has('golden.engagement_events', 'metric:active_member'), 'metrics read the golden events');
    for (const e of graph.edges) for (const id of [e.from, e.to]) assert.ok(graph.nodes.some((n) => n.id === id), `node ${id}`);
  });

  it('focuses on one table: its ancestors and descendants only', () => {
    const focus = lineageOf(graph, 'staging.wbez_donations__donors');
    const ids = new Set(focus.nodes.map((n) => n.id));
    assert.ok(ids.has('source:wbez_donations.donors') && ids.has('golden.constituents') && ids.has('marts.constituent_profile'));
    assert.ok(!ids.has('raw.web_analytics__sessions'), 'a sibling source is not upstream of it');
    const mermaid = lineageMermaid(focus, 'staging.wbez_donations__donors');
    assert.match(mermaid, /^flowchart LR\n/);
    assert.equal(mermaid.match(/-->/g)?.length, focus.edges.length);
  });

  it('is printed by `cpm lineage` in each format, and names an unknown table', () => {
    const json = cpm(['lineage', 'marts.gifts', '--format', 'json', '--project', project.root]);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { focus: string; nodes: { id: string }[] };
    assert.equal(parsed.focus, 'marts.gifts');
    assert.ok(parsed.nodes.some((n) => n.id === 'raw.wbez_donations__gifts'));
    const mermaid = cpm(['lineage', '--format', 'mermaid', '--project', project.root]);
    assert.match(mermaid.stdout, /subgraph golden/);
    const unknown = cpm(['lineage', 'marts.gift', '--project', project.root]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"marts\.gift" is not in the lineage graph[\s\S]*did you mean/);
  });
});

for (const engine of engines) {
  describe(`provenance, quality score and audit on ${engine.name}`, { skip: engine.skip }, () => {
    it('traces each canonical field to the record that supplied it, and records every run and step', async () => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      for (const entry of readdirSync(world)) cpSync(join(world, entry), join(project.dataDir, entry), { recursive: true });
      process.env['CPM_ACTOR'] = 'lineage-test';
      await inRun(project, (ctx) => runPipeline(ctx));
      await inRun(project, async ({ wh }) => {
        // A constituent with several records, so survivorship had a choice to make.
        const [c] = await wh.query('SELECT constituent_id FROM golden.constituents WHERE source_records > 2 ORDER BY constituent_id LIMIT 1');
        const p = await constituentProvenance(wh, String(c!['constituent_id']));
        const name = p.fields.find((f) => f.field === 'name')!;
        assert.ok(name.source, 'the name came from a record');
        const [rec] = await wh.query(
          `SELECT first_name, last_name FROM staging.person_records WHERE source_system = '${name.source.source_system}' AND source_record_id = '${name.source.source_record_id}'`,
        );
        assert.equal(name.value['canonical_first_name'], rec!['first_name'] === null ? null : String(rec!['first_name']).trim());
        assert.ok(name.source.raw_table.startsWith(`raw.${name.source.source_system}__`));
        assert.ok(name.source.files.length > 0, 'the batch names its files');

        // data_quality_score follows the documented weights.
        const rows = await wh.query('SELECT canonical_first_name, canonical_last_name, canonical_email, canonical_phone, canonical_address_line1, canonical_city, canonical_state, canonical_zip, data_quality_score FROM golden.constituents');
        const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
        for (const r of rows) {
          const parts = {
            first_name: filled(r['canonical_first_name']),
            last_name: filled(r['canonical_last_name']),
            email: /^[^@ ]+@[^@ ]+[.][a-z]{2,}$/.test(String(r['canonical_email'] ?? '')),
            phone: /^[+][1-9][0-9]{7,14}$/.test(String(r['canonical_phone'] ?? '')),
            address_line1: filled(r['canonical_address_line1']),
            city: filled(r['canonical_city']),
            state: /^[A-Z]{2}$/.test(String(r['canonical_state'] ?? '')),
            zip: /^[0-9]{5}$/.test(String(r['canonical_zip'] ?? '')),
          };
          const expected = Object.entries(parts).reduce((s, [k, ok]) => s + (ok ? dataQualityParts[k]!.weight : 0), 0);
          assert.ok(Math.abs(Number(r['data_quality_score']) - expected) < 1e-9, `${JSON.stringify(r)} expected ${expected}`);
        }
        assert.ok(rows.some((r) => Number(r['data_quality_score']) === 1) && rows.some((r) => Number(r['data_quality_score']) < 1), 'the score tells records apart');

        const [run] = await runHistory(wh, { limit: 1, runId: undefined });
        assert.ok(run, 'the run is listed');
        const history = await runHistory(wh, { limit: 5 });
        const pipelineRun = history.find((h) => h.steps.some((s) => s.step.startsWith('resolve:')))!;
        assert.equal(pipelineRun.status, 'succeeded');
        assert.ok(pipelineRun.steps.some((s) => s.step.startsWith('ingest:') && (s.rows ?? 0) > 0));
        const audit = await wh.query(`SELECT actor, action, detail FROM meta.audit_log WHERE run_id = '${pipelineRun.run_id}'`);
        const actions = audit.map((a) => a['action']);
        assert.ok(actions.includes('run_start') && actions.includes('run_finish'));
        assert.equal(audit.filter((a) => a['action'] === 'step').length, pipelineRun.steps.length, 'every step is in the audit log');
        assert.ok(audit.every((a) => a['actor'] === 'lineage-test'));
      });
      delete process.env['CPM_ACTOR'];
      const runs = cpm(['runs', '--json', '--limit', '2', '--project', project.root]);
      assert.equal(runs.code, 0, runs.stderr);
      assert.equal((JSON.parse(runs.stdout) as { runs: unknown[] }).runs.length, 2);
    });
  });
}
