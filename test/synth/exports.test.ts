// The exports match config/sources.yaml, and the truth points at records that exist.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { sourcesFileSchema, type SourcesFile } from '../../src/config/sources-schema.js';
import { generateWorld } from '../../src/synth/index.js';
import { parseCsv, readTable, streamFiles } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'synth-exp-'));
const out = join(root, 'data');
let config: SourcesFile;
after(() => rmSync(root, { recursive: true, force: true }));
before(async () => {
  config = sourcesFileSchema.parse(parse(readFileSync(new URL('../../config/sources.yaml', import.meta.url), 'utf8')));
  await generateWorld({ scale: 3000, outDir: out, days: 3 });
});

function globToRegex(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

test('config covers every export stream, each with key, watermark and typed timestamps', () => {
  const manifest = JSON.parse(readFileSync(join(out, '_manifest.json'), 'utf8')) as { files: { path: string }[] };
  for (const f of manifest.files) {
    const matches = Object.values(config.sources).flatMap((s) => Object.values(s.streams).filter((st) => globToRegex(st.path).test(f.path)));
    assert.equal(matches.length, 1, `${f.path} should match exactly one stream path`);
  }
  for (const [name, src] of Object.entries(config.sources)) {
    for (const [sname, st] of Object.entries(src.streams)) {
      assert.ok(st.watermark, `${name}.${sname} needs a watermark`);
      const wm = st.columns.find((c) => c.target === st.watermark);
      assert.equal(wm?.type, 'timestamp', `${name}.${sname} watermark must be a timestamp column`);
      for (const k of st.key) assert.ok(st.columns.some((c) => c.target === k), `${name}.${sname} key ${k} must be a column`);
    }
  }
});

test('every export header is exactly the columns[].source list of its stream', () => {
  for (const [name, src] of Object.entries(config.sources)) {
    for (const [sname, st] of Object.entries(src.streams)) {
      const expected = st.columns.map((c) => c.source);
      const files = streamFiles(out, name, sname);
      assert.equal(files.length, 4, `${name}/${sname}: initial + 3 daily files`);
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        if (st.format === 'jsonl') {
          for (const line of text.split('\n').filter(Boolean).slice(0, 200)) assert.deepEqual(Object.keys(JSON.parse(line) as object), expected, f);
        } else {
          const header = parseCsv(text.slice(0, text.indexOf('\n') + 1), st.csv.delimiter)[0];
          assert.deepEqual(header, expected, f);
        }
      }
    }
  }
});

test('CSV rows have as many fields as the header, dates parse with the declared formats', () => {
  for (const [name, src] of Object.entries(config.sources)) {
    for (const [sname, st] of Object.entries(src.streams)) {
      if (st.format === 'jsonl') continue;
      const t = readTable(streamFiles(out, name, sname)[0] as string, st.csv.delimiter);
      assert.ok(t.rows.length > 0, `${name}/${sname} has rows`);
      for (const r of t.rows) assert.equal(r.length, t.header.length, `${name}/${sname}: ${r.join('|')}`);
      for (const c of st.columns) {
        if (!c.format) continue;
        const re = new RegExp(`^${c.format.replace(/%Y/g, '\\d{4}').replace(/%[mdHMS]/g, '\\d{2}')}$`);
        const i = t.col(c.source);
        for (const r of t.rows.slice(0, 500)) {
          const v = r[i] as string;
          if (v) assert.match(v, re, `${name}/${sname}.${c.source}`);
        }
      }
    }
  }
});

test('every truth source_record_id exists in its source exports', () => {
  const truth = readTable(join(out, '_truth', 'source_records.csv'));
  assert.deepEqual(truth.header, ['source_system', 'source_record_id', 'person_id']);
  const present = new Map<string, Set<string>>();
  for (const [name, src] of Object.entries(config.sources)) {
    const ids = new Set<string>();
    for (const [sname, st] of Object.entries(src.streams)) {
      if (!st.person) continue;
      const keyCol = st.columns.find((c) => c.target === st.person?.record_id)?.source as string;
      for (const f of streamFiles(out, name, sname)) {
        if (st.format === 'jsonl') {
          for (const line of readFileSync(f, 'utf8').split('\n').filter(Boolean)) ids.add(String((JSON.parse(line) as Record<string, unknown>)[keyCol]));
        } else {
          const t = readTable(f, st.csv.delimiter);
          for (const r of t.rows) ids.add(r[t.col(keyCol)] as string);
        }
      }
    }
    present.set(name, ids);
  }
  const systems = new Set<string>();
  for (const r of truth.rows) {
    systems.add(r[0] as string);
    assert.ok(present.get(r[0] as string)?.has(r[1] as string), `${r[0]} ${r[1]} missing from exports`);
  }
  assert.deepEqual([...systems].sort(), ['email_marketing', 'event_tickets', 'suntimes_subscriptions', 'wbez_donations', 'web_analytics']);
  // and every person record in the exports is in the truth
  const inTruth = new Set(truth.rows.map((r) => `${r[0]}|${r[1]}`));
  for (const [name, ids] of present) for (const id of ids) assert.ok(inTruth.has(`${name}|${id}`), `${name} ${id} has no truth row`);
});

test('rows per person stay within the volume budget', () => {
  const m = JSON.parse(readFileSync(join(out, '_manifest.json'), 'utf8')) as { files: { rows: number }[]; people: number };
  const perPerson = m.files.reduce((a, f) => a + f.rows, 0) / m.people;
  assert.ok(perPerson >= 8 && perPerson <= 16, `rows per person ${perPerson}`);
});
