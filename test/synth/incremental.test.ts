// days = D: the initial snapshot stops D days before asOf; each daily file holds only the
// records created or changed that day, with later modification timestamps.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { sourcesFileSchema, type SourcesFile } from '../../src/config/sources-schema.js';
import { generateWorld } from '../../src/synth/index.js';
import { isoDay, readTable, usDay } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'synth-inc-'));
const full = join(root, 'full');
const inc = join(root, 'inc');
const DAYS = 7;
let config: SourcesFile;
after(() => rmSync(root, { recursive: true, force: true }));
before(async () => {
  config = sourcesFileSchema.parse(parse(readFileSync(new URL('../../config/sources.yaml', import.meta.url), 'utf8')));
  await generateWorld({ scale: 4000, outDir: full, days: 0 });
  await generateWorld({ scale: 4000, outDir: inc, days: DAYS });
});

const asOf = isoDay('2026-06-30');
const isoOf = (d: number) => new Date(d * 86400000).toISOString().slice(0, 10);

interface Rows {
  keys: string[];
  marks: string[];
}

function rows(dir: string, source: string, stream: string, file: string): Rows {
  const st = config.sources[source]?.streams[stream];
  assert.ok(st);
  const keyCol = st.columns.find((c) => c.target === st.key[0])?.source as string;
  const wmCol = st.columns.find((c) => c.target === st.watermark)?.source as string;
  const path = join(dir, source, stream, file);
  if (st.format === 'jsonl') {
    const objs = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
    return { keys: objs.map((o) => String(o[keyCol])), marks: objs.map((o) => o[wmCol] as string) };
  }
  const t = readTable(path, st.csv.delimiter);
  return { keys: t.rows.map((r) => r[t.col(keyCol)] as string), marks: t.rows.map((r) => r[t.col(wmCol)] as string) };
}

const dayOfMark = (m: string) => (/^\d{2}\//.test(m) ? usDay(m) : isoDay(m));
/** Sortable form of a watermark in any of the exports' formats. */
const sortable = (m: string) => (/^\d{2}\//.test(m) ? `${m.slice(6, 10)}-${m.slice(0, 2)}-${m.slice(3, 5)} ${m.slice(11)}` : m.replace('T', ' ').replace('Z', ''));

test('daily files hold only that day\'s new or changed records', () => {
  for (const [source, src] of Object.entries(config.sources)) {
    for (const [stream, st] of Object.entries(src.streams)) {
      const ext = st.format === 'jsonl' ? 'jsonl' : 'csv';
      const initial = rows(inc, source, stream, `${stream}_initial.${ext}`);
      const cutoff = asOf - DAYS;
      for (const m of initial.marks) assert.ok(dayOfMark(m) <= cutoff, `${source}/${stream} initial row modified ${m} after the cutoff`);
      const lastMark = new Map<string, string>();
      initial.keys.forEach((k, i) => lastMark.set(k, sortable(initial.marks[i] as string)));
      let total = 0;
      for (let d = cutoff + 1; d <= asOf; d++) {
        const file = `${stream}_${isoOf(d)}.${ext}`;
        assert.ok(existsSync(join(inc, source, stream, file)), `${source}/${stream}: ${file}`);
        const day = rows(inc, source, stream, file);
        assert.equal(new Set(day.keys).size, day.keys.length, `${file}: one row per key per day`);
        day.keys.forEach((k, i) => {
          const m = day.marks[i] as string;
          assert.equal(dayOfMark(m), d, `${file}: row ${k} modified ${m}`);
          const before = lastMark.get(k);
          if (before !== undefined) assert.ok(sortable(m) > before, `${file}: changed row ${k} must have a later watermark (${m} vs ${before})`);
          lastMark.set(k, sortable(m));
        });
        total += day.keys.length;
      }
      if (['gifts', 'payments', 'campaign_activity', 'sessions'].includes(stream)) assert.ok(total > 0, `${source}/${stream}: daily files have rows`);
    }
  }
});

test('initial + daily files replay to the full export as of asOf', () => {
  for (const [source, src] of Object.entries(config.sources)) {
    for (const [stream, st] of Object.entries(src.streams)) {
      const ext = st.format === 'jsonl' ? 'jsonl' : 'csv';
      const expected = rows(full, source, stream, `${stream}_initial.${ext}`);
      const current = new Map<string, string>();
      const apply = (r: Rows) => r.keys.forEach((k, i) => current.set(k, r.marks[i] as string));
      apply(rows(inc, source, stream, `${stream}_initial.${ext}`));
      for (let d = asOf - DAYS + 1; d <= asOf; d++) apply(rows(inc, source, stream, `${stream}_${isoOf(d)}.${ext}`));
      assert.equal(current.size, expected.keys.length, `${source}/${stream}: same records`);
      expected.keys.forEach((k, i) => assert.equal(current.get(k), expected.marks[i], `${source}/${stream} ${k}`));
    }
  }
});
