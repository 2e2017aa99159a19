// Same options => byte-identical files; another seed => different data.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { generateWorld } from '../../src/synth/index.js';

const root = mkdtempSync(join(tmpdir(), 'synth-det-'));
after(() => rmSync(root, { recursive: true, force: true }));

function digests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

test('same seed and options give byte-identical files, fast at small scale', async () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  const r1 = await generateWorld({ scale: 2000, outDir: a, days: 2 });
  const r2 = await generateWorld({ scale: 2000, outDir: b, days: 2 });
  assert.ok(r1.seconds < 10, `2,000 people took ${r1.seconds}s`);
  assert.equal(r1.people, 2000);
  assert.deepEqual(r1.files, r2.files);
  const da = digests(a);
  const db = digests(b);
  assert.ok(da.size >= 11 * 3 + 5, `expected initial + daily files for 11 streams, truth and manifest, got ${da.size}`);
  assert.deepEqual([...da.entries()], [...db.entries()]);
});

test('a different seed gives different data', async () => {
  const c = join(root, 'c');
  const d = join(root, 'd');
  await generateWorld({ scale: 2000, outDir: c, seed: 42 });
  await generateWorld({ scale: 2000, outDir: d, seed: 7 });
  const dc = digests(c);
  const dd = digests(d);
  const f = 'wbez_donations/donors/donors_initial.csv';
  assert.notEqual(dc.get(f), dd.get(f));
  assert.notEqual(dc.get('_truth/people.csv'), dd.get('_truth/people.csv'));
});

test('manifest records options, version and row counts', async () => {
  const e = join(root, 'e');
  const r = await generateWorld({ scale: 500, outDir: e, seed: 3, asOf: '2025-12-31', years: 3 });
  const m = JSON.parse(readFileSync(join(e, '_manifest.json'), 'utf8')) as {
    version: string;
    options: Record<string, unknown>;
    files: { path: string; rows: number }[];
  };
  assert.match(m.version, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(m.options, { scale: 500, seed: 3, asOf: '2025-12-31', years: 3, days: 0 });
  assert.deepEqual(m.files, r.files);
  assert.ok(r.files.every((f) => f.path.endsWith('_initial.csv') || f.path.endsWith('_initial.jsonl')));
});

test('rejects bad options with a message that says what to fix', async () => {
  await assert.rejects(generateWorld({ scale: 0, outDir: join(root, 'x') }), /scale must be/);
  await assert.rejects(generateWorld({ scale: 10, outDir: join(root, 'x'), asOf: '2026-02-30' }), /not a calendar date/);
  await assert.rejects(generateWorld({ scale: 10, outDir: join(root, 'x'), days: -1 }), /days must be/);
});
