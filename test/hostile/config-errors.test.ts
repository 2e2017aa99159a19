// Broken config files through the real CLI: each ends in exit 2 with the file, the line and a
// hint, never in a stack trace or a runtime error (config-cases.ts lists them).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../support/project.js';
import { cpm } from '../support/run-cli.js';
import { baseFiles, type ConfigCase, configCases } from './config-cases.js';

function project(changes: ConfigCase['files']): string {
  const dir = tempDir('cpm-hostile-config-');
  for (const [file, text] of Object.entries({ ...baseFiles, ...changes })) {
    const path = join(dir, file);
    if (text === null) {
      rmSync(path, { force: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

describe('broken config files', () => {
  it('the unbroken project ingests (so each failure below is the change it makes)', () => {
    const r = cpm(['ingest', '--project', project({}), '--quiet']);
    assert.equal(r.code, 0, r.stderr);
  });

  for (const c of configCases) {
    it(`${c.name}: ${c.what} -> exit 2 naming the place`, () => {
      const r = cpm(['ingest', '--project', project(c.files), '--quiet'], { env: { CPM_WAREHOUSE: '' } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, c.message);
      assert.match(r.stderr, /\nhint: \S/, 'says how to fix it');
      assert.doesNotMatch(r.stderr, /\n\s+at \S+ \(|runtime or engine error/, 'no stack, not a runtime error');
    });
  }
});
