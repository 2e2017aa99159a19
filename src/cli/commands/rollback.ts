import type { Command } from 'commander';
import { timedStep } from '../../pipeline/run-log.js';
import { rollbackTo } from '../../publish/rollback.js';
import { withCommonOptions, withWaitOption } from '../common-options.js';
import { emit } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function registerRollback(program: Command): void {
  withWaitOption(withCommonOptions(program.command('rollback')))
    .description("put the golden, dimension and mart tables and the identity state back to a run's snapshot (see `cpm snapshots`)")
    .requiredOption('--to <run>', 'the run id whose snapshot to restore')
    .action(async (options: CommonOptions & { to: string }) => {
      const result = await withRun(options, 'rollback', (ctx) => timedStep(ctx, 'rollback', () => rollbackTo(ctx, options.to), (r) => ({ rows: r.restored.length, detail: `to ${r.to}` })));
      emit(options, result, () =>
        [
          `rolled back to run ${result.to} (snapshot of ${result.snapshotAt}): ${result.restored.length} tables restored`,
          result.dropped.length ? `dropped, as they did not exist then: ${result.dropped.join(', ')}` : '',
          'raw, staging and review decisions are unchanged: the next `cpm run` resolves again what was loaded or decided since that run (fix the cause first)',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
}
