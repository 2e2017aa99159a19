import type { Command } from 'commander';
import { runPipeline } from '../../pipeline/run-pipeline.js';
import { summarize, type RunSummary } from '../../pipeline/summary.js';
import { withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function formatSummary(s: RunSummary): string {
  const rows = s.streams.map((r) => [r.stream, r.newRows, r.raw, r.staging, r.quarantined]);
  return (
    `${table(rows, ['stream', 'new rows', 'raw', 'staging', 'quarantined'])}\n\n` +
    `staging.person_records: ${s.personRecords} records   staging.events: ${s.events} events\n` +
    (s.golden
      ? `golden.constituents: ${s.golden.constituents} people from ${s.golden.links} source records; ${s.golden.reviewQueue} pair(s) in the review queue${s.golden.resolved ? '' : ' (unchanged: nothing new to resolve)'}\n`
      : '') +
    (s.newRows === 0 ? 'no new rows: every export was already loaded.\n' : `${s.newRows} new row(s) landed.\n`)
  );
}

export function registerRun(program: Command): void {
  withCommonOptions(program.command('run'))
    .description('run the whole pipeline: ingest, stage, then resolve identities into golden records')
    .option('--full-refresh', 'reload every file and rebuild staging from raw')
    .action(async (options: CommonOptions & { fullRefresh?: boolean }) => {
      const summary = await withRun(options, 'run', async (ctx) => summarize(ctx.wh, await runPipeline(ctx, { fullRefresh: options.fullRefresh })));
      emit(options, summary, () => formatSummary(summary));
    });
}
