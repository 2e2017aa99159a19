// The command-line contract: help everywhere, the exit codes of DESIGN.md, --json on stdout.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { packageRoot } from '../../src/project/init.js';
import { tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';

const commands = ['init', 'generate', 'ingest', 'stage', 'resolve', 'marts', 'run', 'demo', 'status', 'identity blocking', 'identity explain', 'identity evaluate', 'review list', 'review show', 'review approve', 'review reject'];

describe('cpm command line', () => {
  it('lists every command and each has --help with --project and --json', () => {
    const top = cpm(['--help']);
    assert.equal(top.code, 0);
    for (const c of commands) assert.match(top.stdout, new RegExp(`\\n\\s+${c.split(' ')[0]}\\b`), `${c} in top-level help`);
    for (const c of commands) {
      const r = cpm([...c.split(' '), '--help']);
      assert.equal(r.code, 0, `${c} --help`);
      assert.match(r.stdout, /--project <dir>/);
      assert.match(r.stdout, /--json/);
    }
  });

  it('exits 2 on a usage error and says what is wrong', () => {
    const r = cpm(['ingest', '--no-such-flag']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--no-such-flag'/);
    const scale = cpm(['generate', '--scale', 'many', '--out', tempDir()]);
    assert.equal(scale.code, 2);
    assert.match(scale.stderr, /--scale must be a positive whole number, got "many"/);
  });

  it('exits 2 on a config error, with the fix', () => {
    const r = cpm(['status', '--project', join(tempDir(), 'nowhere')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no cpm\.yaml here/);
    assert.match(r.stderr, /hint: .*cpm init/);
  });

  it('exits 3 when the engine cannot be reached', () => {
    const dir = join(tempDir(), 'p');
    assert.equal(cpm(['init', dir]).code, 0);
    writeFileSync(join(dir, 'cpm.yaml'), 'name: p\nwarehouse:\n  type: postgres\n  url: ${CPM_UNREACHABLE}\n');
    const down = cpm(['status', '--project', dir], { env: { CPM_UNREACHABLE: 'postgres://nobody@127.0.0.1:1/none' } });
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /cannot open the postgres warehouse/);
    assert.match(down.stderr, /hint: check that the server is running/);
  });

  it('init creates a project whose status is JSON on stdout', () => {
    const dir = join(tempDir(), 'station');
    const init = cpm(['init', dir, '--json']);
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(JSON.parse(init.stdout).files, ['cpm.yaml', 'config/', 'schemas/']);
    assert.ok(existsSync(join(dir, 'config', 'sources.yaml')));
    assert.equal(cpm(['init', dir]).code, 2, 'refuses to overwrite');
    const status = cpm(['status', '--project', dir, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const body = JSON.parse(status.stdout);
    assert.equal(body.engine, 'duckdb');
    assert.deepEqual(body.runs, []);
  });

  it('demo builds a project and a second demo lands nothing new', () => {
    const dir = join(tempDir(), 'demo');
    const first = cpm(['demo', '--scale', '300', '--dir', dir, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const one = JSON.parse(first.stdout);
    assert.equal(one.generated, true);
    assert.equal(one.summary.streams.length, 11);
    assert.ok(one.summary.newRows > 1000);
    assert.ok(one.summary.personRecords > 300);
    assert.ok(one.summary.golden.constituents > 200 && one.summary.golden.resolved, 'the demo resolves identities');
    const second = cpm(['demo', '--scale', '300', '--dir', dir, '--json']);
    assert.equal(second.code, 0, second.stderr);
    const two = JSON.parse(second.stdout);
    assert.equal(two.generated, false);
    assert.equal(two.summary.newRows, 0);
    assert.deepEqual(two.summary.golden, { ...one.summary.golden, resolved: false }, 'nothing new to resolve');
    assert.equal(one.summary.derivedUpToDate, false);
    assert.equal(two.summary.derivedUpToDate, true, 'marts and metrics are not rebuilt');
    assert.equal(two.summary.metrics, undefined);
    // After marts built by hand as of another date, the next run rebuilds them for its own date.
    assert.equal(cpm(['marts', '--as-of', '2025-06-30', '--project', dir]).code, 0);
    const third = JSON.parse(cpm(['run', '--project', dir, '--json']).stdout);
    assert.equal(third.derivedUpToDate, false);
    assert.equal(third.marts.asOf, '2026-06-30');
    assert.deepEqual(
      two.summary.streams.map((s: { raw: number; staging: number }) => [s.raw, s.staging]),
      one.summary.streams.map((s: { raw: number; staging: number }) => [s.raw, s.staging]),
    );
    const human = cpm(['demo', '--scale', '300', '--dir', dir]);
    assert.match(human.stderr, /no new rows/);
    assert.match(human.stderr, /next:/);
  });

  it('the installed launcher runs the compiled CLI', () => {
    assert.ok(existsSync(join(packageRoot, 'dist', 'cli', 'main.js')), 'dist/ is built by `npm install` (prepare)');
    const r = spawnSync(process.execPath, [join(packageRoot, 'bin', 'cpm.js'), '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });
});
