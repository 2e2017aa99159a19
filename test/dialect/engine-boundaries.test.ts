// Engine-specific code lives only in src/dialect/<engine>/ and src/warehouse/<engine>/ (issue 5,
// DESIGN.md section 4): everything else reaches an engine through the Dialect and Warehouse
// interfaces. This test reads the sources and names every file that breaks the rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../src/project/init.js';

const engineNames = ['duckdb', 'postgres', 'databricks', 'snowflake'];
const drivers = ['@duckdb/node-api', 'pg', 'pg-copy-streams', 'snowflake-sdk', 'hive-driver', '@databricks/sql'];
// The registries that map an engine name to its dialect or adapter, and config handling of the
// warehouse block: the only places outside the engine folders that may name an engine.
const registries = ['src/dialect/registry.ts', 'src/warehouse/open.ts', 'src/config/project.ts', 'src/project/demo.ts'];

const src = join(packageRoot, 'src');
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => relative(packageRoot, join(e.parentPath, e.name)));
const inEngineFolder = (file: string) => new RegExp(`^src/(dialect|warehouse)/(${engineNames.join('|')})/`).test(file);

describe('engine boundaries', () => {
  it('finds the source files', () => assert.ok(files.length > 100 && files.some(inEngineFolder)));

  it('imports engine drivers only under src/warehouse/<engine>/', () => {
    const importing = new RegExp(`from '(${drivers.map((d) => d.replace(/[/@.-]/g, '\\$&')).join('|')})'`);
    const offenders = files.filter((f) => !/^src\/warehouse\/[a-z]+\//.test(f) && importing.test(readFileSync(join(packageRoot, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('branches on an engine name only in the engine folders and the registries', () => {
    const branching = new RegExp(`(===|!==) '(${engineNames.join('|')})'|case '(${engineNames.join('|')})'|\\b(dialect|d)\\.name [!=]==`);
    const offenders = files.filter((f) => !inEngineFolder(f) && !registries.includes(f) && branching.test(readFileSync(join(packageRoot, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
