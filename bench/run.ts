// `npm run bench -- --scale N [--keep DIR]`: generate, ingest and stage at scale N, with a
// baseline measured in the same run (plain DuckDB read_csv + CREATE TABLE AS on the same
// files), and an incremental batch after the full load. Prints time, rows/s and peak memory
// per stage, and the ratios the issue targets are stated in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { initProject } from '../src/project/init.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '100000' }, keep: { type: 'string' }, days: { type: 'string', default: '4' } } });
const scale = Number(values.scale);
const days = Number(values.days);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'cpm-bench-'));
mkdirSync(dir, { recursive: true });

interface StageResult {
  stage: string;
  seconds: number;
  rows: number;
  maxRssMb: number;
}

function stage(name: string, ...args: string[]): StageResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'stage-worker.ts'), name, dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const result = JSON.parse(out.trim().split('\n').pop()!) as StageResult;
  process.stderr.write(`  ${name.padEnd(18)} ${result.seconds.toFixed(2).padStart(8)} s  ${String(result.rows).padStart(11)} rows  ${String(result.maxRssMb).padStart(6)} MB peak\n`);
  return result;
}

process.stderr.write(`cpm bench: scale ${scale.toLocaleString('en-US')} people, ${days} incremental day(s), in ${dir}\n`);
initProject(join(dir, 'project'));
writeFileSync(join(dir, 'project', 'cpm.yaml'), stringify({ name: 'bench', warehouse: { type: 'duckdb', path: 'warehouse/cpm.duckdb' }, data_dir: 'data' }));

const generate = stage('generate', String(scale), String(days));
const copyInitial = stage('copy', '_initial\\.');
const baseline = stage('baseline');
const ingest = stage('ingest');
const staging = stage('stage');
const copyDaily = stage('copy', '_\\d{4}-\\d{2}-\\d{2}\\.');
const incIngest = stage('ingest');
const incStage = stage('stage');
void copyInitial;
void copyDaily;

const full = ingest.seconds + staging.seconds;
const incremental = incIngest.seconds + incStage.seconds;
const report = {
  scale,
  generate: { seconds: generate.seconds, rows: generate.rows, rowsPerSecond: Math.round(generate.rows / generate.seconds), peakMb: generate.maxRssMb },
  baseline: { seconds: baseline.seconds, rows: baseline.rows, rowsPerSecond: Math.round(baseline.rows / baseline.seconds), peakMb: baseline.maxRssMb },
  ingest: { seconds: ingest.seconds, rows: ingest.rows, rowsPerSecond: Math.round(ingest.rows / ingest.seconds), peakMb: ingest.maxRssMb },
  stage: { seconds: staging.seconds, rows: staging.rows, rowsPerSecond: Math.round(ingest.rows / staging.seconds), peakMb: staging.maxRssMb },
  incremental: { seconds: incremental, rows: incIngest.rows, shareOfFullRows: incIngest.rows / ingest.rows, peakMb: Math.max(incIngest.maxRssMb, incStage.maxRssMb) },
  ratios: {
    ingestPlusStageOverBaseline: full / baseline.seconds,
    incrementalOverFull: incremental / full,
  },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(
  `\ningest+stage ${full.toFixed(2)} s = ${report.ratios.ingestPlusStageOverBaseline.toFixed(2)}x the DuckDB baseline (${baseline.seconds.toFixed(2)} s); ` +
    `peak ${Math.max(ingest.maxRssMb, staging.maxRssMb)} MB\n` +
    `incremental batch (${(report.incremental.shareOfFullRows * 100).toFixed(2)}% of rows) ${incremental.toFixed(2)} s = ${(report.ratios.incrementalOverFull * 100).toFixed(1)}% of the full load\n`,
);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
