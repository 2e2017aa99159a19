// The exports a BI tool reads must give the numbers the engine gives: every Cube measure and
// every MetricFlow measure, evaluated as the tool would (its aggregation over the exported
// model SQL, as of the current date), equals `cpm`'s value as of today.
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import type { Project } from '../../src/config/project.js';
import { getDialect } from '../../src/dialect/registry.js';
import { queryMetric, projectDictionary } from '../../src/metrics/engine.js';
import { cubeModel } from '../../src/metrics/export/cube.js';
import { metricFlowProject } from '../../src/metrics/export/metricflow.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateWorld } from '../../src/synth/index.js';
import { inRun, makeProject, tempDir } from '../support/project.js';

const today = new Date().toISOString().slice(0, 10);
const sqlAgg: Record<string, string> = { count: 'COUNT', count_distinct: 'COUNT(DISTINCT', sum: 'SUM', avg: 'AVG', average: 'AVG', min: 'MIN', max: 'MAX' };
const aggregate = (agg: string, expr: string) => (agg === 'count_distinct' ? `COUNT(DISTINCT ${expr})` : `${sqlAgg[agg]}(${expr})`);

describe('dictionary exports', () => {
  let project: Project;
  const engineValue = new Map<string, number | null>();
  before(async () => {
    const world = tempDir('cpm-world-');
    await generateWorld({ scale: 600, seed: 3, outDir: world });
    project = makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }) });
    for (const entry of readdirSync(world)) cpSync(join(world, entry), join(project.dataDir, entry), { recursive: true });
    await inRun(project, (ctx) => runPipeline(ctx));
    // As of today the world (which ends 2026-06-30) still has sustainers, subscribers and lapsed donors.
    const dict = projectDictionary(project);
    await inRun(project, async (ctx) => {
      for (const name of dict.metrics.keys()) engineValue.set(name, (await queryMetric(ctx.wh, dict, name, [today], 7, false))[0]!.value);
    });
  });
  const scalar = async (sql: string) => Number((await inRun(project, (ctx) => ctx.wh.query(sql)))[0]!['v'] ?? NaN);
  const same = (name: string, got: number) => {
    const want = engineValue.get(name) ?? NaN;
    assert.ok(got === want || Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) || (Number.isNaN(got) && Number.isNaN(want)), `${name}: export ${got}, engine ${want}`);
  };

  it('Cube: every measure equals the engine value', async () => {
    const { yaml, skipped } = cubeModel(projectDictionary(project), getDialect('duckdb'), 7);
    assert.deepEqual(skipped, []);
    const { cubes } = parse(yaml) as { cubes: Array<{ name: string; sql: string; measures: Array<{ name: string; type: string; sql: string }> }> };
    let checked = 0;
    for (const cube of cubes) {
      const measureSql = (m: { type: string; sql: string }): string =>
        m.type === 'number' ? m.sql.replace(/\{(\w+)\}/g, (_, ref: string) => `(${measureSql(cube.measures.find((x) => x.name === ref)!)})`) : aggregate(m.type, m.sql.replaceAll('{CUBE}', 'c'));
      for (const m of cube.measures) {
        same(m.name, await scalar(`SELECT ${measureSql(m)} AS v FROM (${cube.sql}) AS c`));
        checked++;
      }
    }
    assert.equal(checked, engineValue.size, 'every metric is a measure');
  });

  it('MetricFlow: every simple and ratio metric equals the engine value', async () => {
    const { files, skipped } = metricFlowProject(projectDictionary(project), getDialect('duckdb'), 7);
    assert.deepEqual(skipped, []);
    const layer = parse(files['models/cpm_semantic_layer.yml']!) as {
      semantic_models: Array<{ name: string; model: string; measures: Array<{ name: string; agg: string; expr: string }> }>;
      metrics: Array<{ name: string; type: string; type_params: Record<string, string> }>;
    };
    const measureValue = new Map<string, number>();
    for (const model of layer.semantic_models) {
      const sql = files[`models/${/ref\('(\w+)'\)/.exec(model.model)![1]}.sql`]!.replace(/^--.*\n/, '');
      for (const m of model.measures) measureValue.set(m.name, await scalar(`SELECT ${aggregate(m.agg, m.expr)} AS v FROM (${sql}) AS c`));
    }
    const metricValue = new Map<string, number>();
    for (const m of layer.metrics) {
      if (m.type === 'simple') metricValue.set(m.name, measureValue.get(m.type_params['measure']!)!);
      else if (m.type === 'ratio') metricValue.set(m.name, metricValue.get(m.type_params['numerator']!)! / metricValue.get(m.type_params['denominator']!)!);
      else assert.fail(`no ${m.type} metrics in the default dictionary`);
      same(m.name, metricValue.get(m.name)!);
    }
    assert.equal(metricValue.size, engineValue.size);
  });
});
