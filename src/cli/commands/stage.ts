import type { Command } from 'commander';
import { runStage } from '../../pipeline/stage.js';
import { withCommonOptions, withWaitOption } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function registerStage(program: Command): void {
  withWaitOption(withCommonOptions(program.command('stage')))
    .description('type, clean and merge new raw batches into staging (rows that cannot be typed go to quality.quarantine)')
    .option('--full-refresh', 'rebuild staging from all of raw')
    .action(async (options: CommonOptions & { fullRefresh?: boolean }) => {
      const results = await withRun(options, 'stage', (ctx) => runStage(ctx, { fullRefresh: options.fullRefresh }));
      emit(options, { models: results }, () =>
        table(
          results.map((r) => [r.model, r.changed ? 'updated' : 'unchanged', r.rowsTotal, r.quarantined]),
          ['model', 'state', 'rows', 'quarantined'],
        ),
      );
    });
}
