// The hostile-input corpus (corpus.ts, cases/) through the real CLI on DuckDB (`cpm ingest`,
// `cpm stage`) and through the library on PostgreSQL. Every case ends in a clear error (exit 2,
// naming the file and line, with a hint, never a stack) or lands, with what cannot land in
// quality.quarantine with a reason and its original text; nothing is silently dropped.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../src/config/project.js';
import { CpmError } from '../../src/errors/cpm-error.js';
import { runIngest } from '../../src/pipeline/ingest.js';
import { runStage } from '../../src/pipeline/stage.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { engines } from '../support/engines.js';
import { inRun } from '../support/project.js';
import { cpm } from '../support/run-cli.js';
import { checkLandedCase, checkNothingLanded } from './check-case.js';
import { corpus } from './corpus.js';
import type { DataCase, Expect } from './corpus-types.js';
import { casesDir, hostileProject } from './hostile-project.js';

interface Failure {
  code: number;
  /** What the user sees: the error and its hint. */
  text: string;
}

interface CorpusRun {
  failures: Map<string, Failure>;
  wh: Warehouse;
}

const expectOn = (c: DataCase, engine: string): Expect => c.on?.[engine as 'duckdb' | 'postgres'] ?? c.expect;

/** DuckDB, as a user runs it: one `cpm ingest` for the cases that land, one per failing case. */
async function runWithCli(dir: string, landing: DataCase[], failing: DataCase[]): Promise<Map<string, Failure>> {
  const ingest = cpm(['ingest', '--project', dir, '--quiet', '--source', ...landing.map((c) => c.name)]);
  assert.equal(ingest.code, 0, ingest.stderr);
  const failures = new Map(failing.map((c) => {
    const r = cpm(['ingest', '--project', dir, '--quiet', '--source', c.name]);
    return [c.name, { code: r.code, text: r.stderr }] as const;
  }));
  const stage = cpm(['stage', '--project', dir, '--quiet']);
  assert.equal(stage.code, 0, stage.stderr);
  return failures;
}

/** PostgreSQL, through the functions the commands call. */
async function runWithLibrary(dir: string, landing: DataCase[], failing: DataCase[]): Promise<Map<string, Failure>> {
  const project = loadProject(dir);
  await inRun(project, (ctx) => runIngest(ctx, { sources: landing.map((c) => c.name) }));
  const failures = new Map<string, Failure>();
  for (const c of failing) {
    const error = await inRun(project, (ctx) => runIngest(ctx, { sources: [c.name] })).then(() => undefined, (e: unknown) => e);
    failures.set(c.name, error instanceof CpmError ? { code: error.exitCode, text: `error: ${error.message}\nhint: ${error.hint ?? ''}` } : { code: error ? 3 : 0, text: String(error) });
  }
  await inRun(project, (ctx) => runStage(ctx));
  return failures;
}

it('the corpus: every folder under cases/ is a case, and there are at least 50', () => {
  const folders = readdirSync(casesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const names = new Set(corpus.map((c) => c.name));
  assert.deepEqual(folders.filter((f) => !names.has(f)), []);
  assert.equal(names.size, corpus.length, 'case names are unique');
  assert.ok(corpus.length >= 50, `${corpus.length} cases`);
});

for (const engine of engines) {
  describe(`hostile input on ${engine.name} (${engine.name === 'duckdb' ? 'cpm ingest / cpm stage' : 'library'})`, { skip: engine.skip }, () => {
    const landing = corpus.filter((c) => expectOn(c, engine.name).outcome !== 'error');
    const failing = corpus.filter((c) => expectOn(c, engine.name).outcome === 'error');
    let run: CorpusRun;

    before(async () => {
      const dir = hostileProject(corpus, await engine.freshWarehouse());
      const failures = engine.name === 'duckdb' ? await runWithCli(dir, landing, failing) : await runWithLibrary(dir, landing, failing);
      run = { failures, wh: await openWarehouse(loadProject(dir)) };
    });
    after(() => run?.wh.close());

    for (const c of failing) {
      it(`${c.name} (${c.kind}): ${c.what} -> error`, async () => {
        const e = expectOn(c, engine.name) as Extract<Expect, { outcome: 'error' }>;
        const failure = run.failures.get(c.name)!;
        assert.equal(failure.code, e.code, failure.text);
        assert.match(failure.text, e.message);
        assert.match(failure.text, /\nhint: \S/, 'says how to fix it');
        assert.doesNotMatch(failure.text, /\n\s+at \S+ \(|runtime or engine error/, 'no stack, not a runtime error');
        await checkNothingLanded(run.wh, c);
      });
    }

    for (const c of landing) {
      const e = expectOn(c, engine.name) as Exclude<Expect, { outcome: 'error' }>;
      it(`${c.name} (${c.kind}): ${c.what} -> ${e.outcome}`, () => checkLandedCase(run.wh, c, e));
    }

    it('SQL in values and header names ran nowhere: every table and batch is still there', async () => {
      const d = run.wh.dialect;
      for (const name of ['sql_injection_values', 'hostile_header_name', 'jsonl_sql_and_formula']) {
        assert.ok(await run.wh.tableExists({ schema: 'raw', name: `${name}__gifts` }), name);
        assert.ok(await run.wh.tableExists({ schema: 'staging', name: `${name}__gifts` }), name);
      }
      assert.ok(await run.wh.tableExists({ schema: 'staging', name: 'events' }));
      const [batches] = await run.wh.query(`SELECT COUNT(*) AS n FROM ${d.table('meta', 'batches')} WHERE status = 'loaded'`);
      const sources = new Set(landing.map((c) => c.name));
      assert.ok(Number(batches!['n']) >= sources.size, 'a loaded batch per landed case');
    });
  });
}
