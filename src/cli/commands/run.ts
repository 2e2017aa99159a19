import type { Command } from 'commander';
import type { MetricDefinition } from '../../config/metrics-schema.js';
import { formatValue } from '../../metrics/format.js';
import { runPipeline } from '../../pipeline/run-pipeline.js';
import { summarize, type RunSummary } from '../../pipeline/summary.js';
import { withCommonOptions, withWaitOption } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';
import { formatQualitySummary, qualityFailure } from './quality.js';

export function formatSummary(s: RunSummary): string {
  const rows = s.streams.map((r) => [r.stream, r.newRows, r.raw, r.staging, r.quarantined]);
  return (
    `${table(rows, ['stream', 'new rows', 'raw', 'staging', 'quarantined'])}\n\n` +
    `staging.person_records: ${s.personRecords} records   staging.events: ${s.events} events\n` +
    (s.golden
      ? `golden.constituents: ${s.golden.constituents} people from ${s.golden.links} source records; ${s.golden.reviewQueue} pair(s) in the review queue${s.golden.resolved ? '' : ' (unchanged: nothing new to resolve)'}\n`
      : '') +
    (s.marts ? `marts as of ${s.marts.asOf}: ${s.marts.tables} dimension and mart tables; lifecycle ${Object.entries(s.marts.lifecycle).map(([k, v]) => `${k} ${v}`).join(', ')}\n` : '') +
    (s.metrics ? formatHeadline(s.metrics) : '') +
    (s.quality ? formatQualitySummary(s.quality) : '') +
    (s.derivedUpToDate ? 'marts and metrics: up to date (nothing they derive from changed); `cpm marts` or `cpm metrics` rebuild them on demand\n' : '') +
    (s.newRows === 0 ? 'no new rows: every export was already loaded.\n' : `${s.newRows} new row(s) landed.\n`) +
    `time: ${Object.entries(s.seconds).map(([step, sec]) => `${step} ${sec.toFixed(1)} s`).join(', ')}\n`
  );
}

function formatHeadline(m: NonNullable<RunSummary['metrics']>): string {
  const rows = m.headline.map((h) => [h.display_name, formatValue(h.value, h.format as MetricDefinition['format']), h.metric]);
  const failed = m.failedExpectations ? `; ${m.failedExpectations} expectation(s) failed (see the log, or \`cpm metrics compute\`)` : '';
  return `\nheadline metrics as of ${m.asOf} (${m.computed} computed and stored${failed}):\n${table(rows, ['metric', 'value', 'name'])}\n\n`;
}

export function registerRun(program: Command): void {
  withWaitOption(withCommonOptions(program.command('run')))
    .description('run the whole pipeline: ingest, stage, resolve identities into golden records, then build dimensions and marts')
    .option('--full-refresh', 'reload every file and rebuild staging from raw')
    .action(async (options: CommonOptions & { fullRefresh?: boolean }) => {
      const summary = await withRun(options, 'run', async (ctx) => {
        const s = await summarize(ctx.wh, await runPipeline(ctx, { fullRefresh: options.fullRefresh }));
        if (!s.quality?.blocked) return s;
        // A blocked publish fails the run (meta.runs says so): show what did happen first.
        emit(options, s, () => formatSummary(s));
        throw qualityFailure(s.quality);
      });
      emit(options, summary, () => formatSummary(summary));
      const failed = qualityFailure(summary.quality);
      if (failed) throw failed;
    });
}
