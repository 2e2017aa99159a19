import type { Command } from 'commander';
import { runIngest } from '../../pipeline/ingest.js';
import { withCommonOptions, withWaitOption } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function registerIngest(program: Command): void {
  withWaitOption(withCommonOptions(program.command('ingest')))
    .description('land new source exports in the raw layer (incremental by watermark; a file already loaded adds nothing)')
    .option('--source <name...>', 'only these sources')
    .option('--full-refresh', 'ignore watermarks and loaded-file history: land every file again as new batches')
    .action(async (options: CommonOptions & { source?: string[]; fullRefresh?: boolean }) => {
      const reports = await withRun(options, 'ingest', (ctx) => runIngest(ctx, { sources: options.source, fullRefresh: options.fullRefresh }));
      emit(options, { streams: reports }, () =>
        table(
          reports.map((r) => [`${r.source}.${r.stream}`, r.filesLoaded, r.rows, r.rejected, r.watermark ?? '']),
          ['stream', 'new files', 'rows landed', 'rejected', 'watermark'],
        ),
      );
    });
}
