// SQL model files: templates render per dialect, refs form the graph the runner orders by.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDialect } from '../../src/dialect/registry.js';
import { ConfigError } from '../../src/errors/cpm-error.js';
import { topologicalOrder } from '../../src/pipeline/models/dag.js';
import type { Model } from '../../src/pipeline/models/model.js';
import { loadSqlModels } from '../../src/pipeline/models/sql-templates.js';
import { tempDir } from '../support/project.js';

function sqlDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const noMacros = () => ({});

describe('SQL model files', () => {
  const dir = sqlDir({
    'marts/active.sql': "{{ config(materialized='table') }}\nSELECT * FROM {{ ref('staging.events') }} WHERE event_date >= {{ date_add('CURRENT_DATE', -12, 'month') }}",
    'staging/events.sql': "{{ config(materialized='incremental', unique_key=['event_id']) }}\nSELECT * FROM {{ ref('raw.x') }} WHERE {{ batch_range() }}",
  });

  it('render per dialect, with refs quoted and macros from the dialect', () => {
    const duck = loadSqlModels(getDialect('duckdb'), noMacros, dir).find((m) => m.name === 'marts.active')!;
    const pg = loadSqlModels(getDialect('postgres'), noMacros, dir).find((m) => m.name === 'marts.active')!;
    assert.deepEqual(duck.deps, ['staging.events']);
    assert.equal(duck.render({ after: 0, upTo: 0 }), 'SELECT * FROM "staging"."events" WHERE event_date >= (CURRENT_DATE + INTERVAL (-12) MONTH)');
    assert.equal(pg.render({ after: 0, upTo: 0 }), `SELECT * FROM "staging"."events" WHERE event_date >= (CURRENT_DATE + (-12) * INTERVAL '1 month')`);
  });

  it('read config() and the batch range of incremental models', () => {
    const events = loadSqlModels(getDialect('duckdb'), noMacros, dir).find((m) => m.name === 'staging.events')!;
    assert.equal(events.config.materialized, 'incremental');
    assert.deepEqual(events.config.unique_key, ['event_id']);
    assert.match(events.render({ after: 4, upTo: 9 }), /_batch_id > 4 AND _batch_id <= 9$/);
  });

  it('report template errors with the file', () => {
    const bad = sqlDir({ 'marts/broken.sql': 'SELECT {{ no_such_macro() }}' });
    assert.throws(() => loadSqlModels(getDialect('duckdb'), noMacros, bad), (e: unknown) => e instanceof ConfigError && /broken\.sql/.test(e.message));
    const noKey = sqlDir({ 'marts/inc.sql': "{{ config(materialized='incremental') }}SELECT 1" });
    assert.throws(() => loadSqlModels(getDialect('duckdb'), noMacros, noKey), /needs unique_key/);
  });
});

describe('the model graph', () => {
  const model = (name: string, deps: string[]): Model => ({
    name,
    deps,
    origin: `${name}.sql`,
    config: { materialized: 'table', unique_key: [], current_first: [] },
    render: () => 'SELECT 1',
  });

  it('orders models after the tables they read', () => {
    const order = topologicalOrder([model('marts.m', ['golden.g']), model('golden.g', ['staging.s']), model('staging.s', ['raw.r'])]).map((m) => m.name);
    assert.deepEqual(order, ['staging.s', 'golden.g', 'marts.m']);
  });

  it('names a cycle', () => {
    assert.throws(() => topologicalOrder([model('a.x', ['a.y']), model('a.y', ['a.x'])]), /models form a cycle: a\.x -> a\.y -> a\.x/);
  });
});
