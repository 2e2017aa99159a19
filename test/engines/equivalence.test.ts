// One synthetic world through the whole pipeline on DuckDB, PostgreSQL, Spark (the Databricks
// code path) and the Snowflake emulator. Every engine must give DuckDB's golden records, source
// links and metric values; the only tolerance is for float rounding (engines sum doubles in
// different orders, and the emulator computes SUM/AVG of NUMBER as DOUBLE).
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { allEngines } from '../support/engines.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

const relativeTolerance = 1e-9;

interface EngineResult {
  constituents: number;
  constituentIds: string[];
  /** Pairs of source records that share a golden record, as sorted 'system:id|system:id' text. */
  linkPairs: string[];
  /** metric|dimension|value -> number (the run's stored values). */
  metrics: Map<string, number | null>;
  seconds: Record<string, number>;
}

let world: string;
const results = new Map<string, EngineResult>();

before(async () => {
  world = tempDir('cpm-equivalence-world-');
  await generateWorld({ scale: 1000, seed: 11, outDir: world });
});

async function collect(wh: Warehouse): Promise<Omit<EngineResult, 'seconds'>> {
  const d = wh.dialect;
  const links = await wh.query(`SELECT constituent_id, source_system, source_record_id FROM ${d.table('golden', 'constituent_source_links')}`);
  const members = new Map<string, string[]>();
  for (const l of links) {
    const id = String(l['constituent_id']);
    members.set(id, [...(members.get(id) ?? []), `${l['source_system']}:${l['source_record_id']}`]);
  }
  const linkPairs: string[] = [];
  for (const records of members.values()) {
    records.sort();
    for (let i = 0; i < records.length; i++) for (let j = i + 1; j < records.length; j++) linkPairs.push(`${records[i]}|${records[j]}`);
  }
  const ids = await wh.query(`SELECT constituent_id FROM ${d.table('golden', 'constituents')}`);
  const values = await wh.query(`SELECT metric, dimension, dimension_value, value FROM ${d.table('metrics', 'metric_values')}`);
  const metrics = new Map(values.map((v) => [`${v['metric']}|${v['dimension'] ?? ''}|${v['dimension_value'] ?? ''}`, v['value'] === null ? null : Number(v['value'])]));
  return { constituents: ids.length, constituentIds: ids.map((r) => String(r['constituent_id'])).sort(), linkPairs: linkPairs.sort(), metrics };
}

for (const engine of allEngines) {
  describe(`the whole pipeline on ${engine.name}`, { skip: engine.skip }, () => {
    it('ingests, stages, resolves, builds the marts and computes every metric', async (t) => {
      const project = makeProject({ warehouse: await engine.freshWarehouse() });
      cpSync(world, project.dataDir, { recursive: true, filter: (src) => !src.includes('/_truth') });
      const run = await inRun(project, (ctx) => runPipeline(ctx));
      assert.ok(run.metrics && run.metrics.computed > 0, 'the metrics step ran');
      const seconds = run.seconds as Record<string, number>;
      results.set(engine.name, { ...(await inRun(project, (ctx) => collect(ctx.wh))), seconds });
      t.diagnostic(`${engine.name}: ${Object.entries(seconds).map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')}`);
    });
  });
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= relativeTolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

describe("every engine gives DuckDB's results", () => {
  for (const engine of allEngines.filter((e) => e.name !== 'duckdb')) {
    it(`${engine.name} matches DuckDB`, { skip: engine.skip }, () => {
      const duck = results.get('duckdb');
      const other = results.get(engine.name);
      assert.ok(duck && other, `both runs finished (duckdb: ${!!duck}, ${engine.name}: ${!!other})`);
      assert.equal(other.constituents, duck.constituents, 'golden constituent count');
      assert.deepEqual(other.constituentIds, duck.constituentIds, 'stable constituent ids');
      const duckPairs = new Set(duck.linkPairs);
      const otherPairs = new Set(other.linkPairs);
      const onlyOther = other.linkPairs.filter((p) => !duckPairs.has(p));
      const onlyDuck = duck.linkPairs.filter((p) => !otherPairs.has(p));
      assert.deepEqual({ onlyOther, onlyDuck }, { onlyOther: [], onlyDuck: [] }, 'source-record link pairs');
      assert.deepEqual([...other.metrics.keys()].sort(), [...duck.metrics.keys()].sort(), 'the same metric values were computed');
      const differing = [...duck.metrics].filter(([key, value]) => !close(value, other.metrics.get(key)!)).map(([key, value]) => `${key}: duckdb ${value}, ${engine.name} ${other.metrics.get(key)}`);
      assert.deepEqual(differing, [], 'metric values');
    });
  }
});
