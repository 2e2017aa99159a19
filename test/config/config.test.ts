// Config errors name the file, the line and the fix.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProject } from '../../src/config/project.js';
import { projectFileSchema } from '../../src/config/project-schema.js';
import { loadYaml } from '../../src/config/yaml-loader.js';
import { packageRoot } from '../../src/project/init.js';
import { tempDir } from '../support/project.js';
import { configError } from '../support/config-error.js';

function write(dir: string, file: string, text: string): string {
  const path = join(dir, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}


const goodSources = `version: 1
sources:
  shop:
    streams:
      orders:
        path: orders/*.csv
        key: [order_id]
        watermark: updated_at
        columns:
          - { source: ID, target: order_id }
          - { source: Updated, target: updated_at, type: timestamp, format: "%Y-%m-%d" }
`;

describe('YAML config loading', () => {
  it('reports a wrong value with file:line:column and the path', () => {
    const dir = tempDir();
    const file = write(dir, 'cpm.yaml', 'name: x\nwarehouse:\n  type: oracle\n');
    const e = configError(() => loadYaml(file, projectFileSchema));
    assert.match(e.message, new RegExp(`^${file}:3:9: warehouse.type: `));
    assert.ok(e.hint);
  });

  it('reports YAML syntax errors with their line', () => {
    const dir = tempDir();
    const file = write(dir, 'cpm.yaml', 'name: x\nwarehouse: [unclosed\n');
    const e = configError(() => loadYaml(file, projectFileSchema));
    assert.match(e.message, new RegExp(`${file}:\\d+:\\d+: YAML syntax`));
  });

  it('rejects unknown keys, so a typo is never silently ignored', () => {
    const dir = tempDir();
    const file = write(dir, 'cpm.yaml', 'name: x\ndata_dri: exports\n');
    const e = configError(() => loadYaml(file, projectFileSchema));
    assert.match(e.message, /data_dri/);
  });

  it('substitutes ${ENV} references and names a missing variable with its line', () => {
    const dir = tempDir();
    const file = write(dir, 'cpm.yaml', 'name: x\nwarehouse:\n  type: postgres\n  url: ${CPM_TEST_URL_X}\n');
    assert.equal(loadYaml(file, projectFileSchema, { CPM_TEST_URL_X: 'postgres://h/db' }).value.warehouse.type, 'postgres');
    const e = configError(() => loadYaml(file, projectFileSchema, {}));
    assert.match(e.message, new RegExp(`${file}:4:\\d+: environment variable CPM_TEST_URL_X is not set`));
  });

  it('says how to start when there is no project', () => {
    const e = configError(() => loadProject(tempDir()));
    assert.match(e.message, /no cpm\.yaml here/);
    assert.match(e.hint ?? '', /cpm init/);
  });
});

describe('choosing the engine (--warehouse, CPM_WAREHOUSE)', () => {
  const project = () => {
    const dir = tempDir();
    write(dir, 'cpm.yaml', 'name: x\n');
    write(dir, 'config/sources.yaml', readFileSync(join(packageRoot, 'config', 'sources.yaml'), 'utf8'));
    return dir;
  };

  it("uses cpm.yaml's block unless another engine is asked for", () => {
    const dir = project();
    assert.equal(loadProject(dir, {}).config.warehouse.type, 'duckdb');
    assert.deepEqual(loadProject(dir, {}, { warehouse: 'snowflake' }).config.warehouse, { type: 'snowflake' });
    assert.deepEqual(loadProject(dir, { CPM_WAREHOUSE: 'databricks' }).config.warehouse, { type: 'databricks', driver: 'databricks-sql' });
    assert.equal(loadProject(dir, { CPM_WAREHOUSE: 'databricks' }, { warehouse: 'duckdb' }).config.warehouse.type, 'duckdb', 'the flag wins over the variable');
    assert.deepEqual(loadProject(dir, { CPM_POSTGRES_URL: 'postgres://h/db' }, { warehouse: 'postgres' }).config.warehouse, { type: 'postgres', url: 'postgres://h/db' });
  });

  it('names an unknown engine and a PostgreSQL without a URL', () => {
    const dir = project();
    assert.match(configError(() => loadProject(dir, {}, { warehouse: 'oracle' })).hint ?? '', /duckdb, postgres, databricks, snowflake/);
    assert.match(configError(() => loadProject(dir, {}, { warehouse: 'postgres' })).hint ?? '', /CPM_POSTGRES_URL/);
  });
});

describe('sources.yaml (the schema registry)', () => {
  const project = (sources: string) => {
    const dir = tempDir();
    write(dir, 'cpm.yaml', 'name: x\n');
    write(dir, 'config/sources.yaml', sources);
    return dir;
  };

  it('accepts a valid mapping and fills defaults', () => {
    const p = loadProject(project(goodSources));
    const stream = p.sources.sources['shop']!.streams['orders']!;
    assert.equal(stream.format, 'csv');
    assert.equal(stream.csv.delimiter, ',');
    assert.equal(stream.columns[0]!.type, 'text');
  });

  it('names the line of a key that is not a staging column, and the columns that exist', () => {
    const dir = project(goodSources.replace('key: [order_id]', 'key: [orderid]'));
    const e = configError(() => loadProject(dir));
    assert.match(e.message, /sources\.yaml:7:\d+: key column "orderid" is not a staging column of shop\.orders; defined: order_id, updated_at/);
  });

  it('requires a format for date columns and a date/timestamp watermark', () => {
    const dir = project(goodSources.replace(', format: "%Y-%m-%d"', '').replace('type: timestamp', 'type: integer'));
    const e = configError(() => loadProject(dir));
    assert.match(e.message, /watermark "updated_at" must be a date or timestamp column, not integer/);
    const dir2 = project(goodSources.replace(', format: "%Y-%m-%d"', ''));
    assert.match(configError(() => loadProject(dir2)).message, /a timestamp column needs a format/);
  });
});

describe('identity.yaml', () => {
  const shipped = readFileSync(join(packageRoot, 'config', 'identity.yaml'), 'utf8');
  const project = (identity: string) => {
    const dir = tempDir();
    write(dir, 'cpm.yaml', 'name: x\n');
    write(dir, 'config/sources.yaml', goodSources);
    write(dir, 'config/identity.yaml', identity);
    return dir;
  };

  it('loads the shipped rules with their defaults', () => {
    const identity = loadProject(project(shipped)).identity!;
    assert.equal(identity.model, 'weighted');
    assert.deepEqual(identity.weighted!.thresholds, { auto: 0.85, review: 0.7 });
    assert.equal(identity.weighted!.features.reduce((n, f) => n + f.weight, 0).toFixed(2), '1.00');
    assert.deepEqual(Object.keys(identity.profiles), ['major_donor', 'marketing']);
  });

  it('names the line of a field no normalized record has, and the fields that exist', () => {
    const e = configError(() => loadProject(project(shipped.replace('keys: [phone]', 'keys: [telephone]'))));
    assert.match(e.message, /identity\.yaml:\d+:\d+: "telephone" is not a normalized field; use one of: email, email_local/);
  });

  it('rejects a model without its section, thresholds out of order and levels that do not decrease', () => {
    assert.match(configError(() => loadProject(project(`${shipped}\nmodel: fellegi_sunter\n`))).message, /model: fellegi_sunter needs a `fellegi_sunter:` section/);
    assert.match(configError(() => loadProject(project(shipped.replace('auto: 0.85, review: 0.70', 'auto: 0.6, review: 0.7')))).message, /review must not be above auto/);
    const fs = `${shipped}\nmodel: fellegi_sunter\nfellegi_sunter:\n  comparisons:\n    - { name: n, comparison: jaro_winkler, field: last_name, levels: [0.8, 0.9] }\n  thresholds: { auto: 0.9, review: 0.5 }\n`;
    assert.match(configError(() => loadProject(project(fs))).message, /cut-offs must decrease/);
  });
});
