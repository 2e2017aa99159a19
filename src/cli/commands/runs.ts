import type { Command } from 'commander';
import { runHistory } from '../../lineage/run-history.js';
import { positiveInt, withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withWarehouse } from '../session.js';

export function registerRuns(program: Command): void {
  withCommonOptions(program.command('runs'))
    .description('run history: each run with its steps, rows and durations (newest first)')
    .option('--limit <n>', 'how many runs', positiveInt('--limit'), 10)
    .option('--run <id>', 'only this run')
    .action(async (options: CommonOptions & { limit: number; run?: string }) => {
      const runs = await withWarehouse(options, (_project, wh) => runHistory(wh, { limit: options.limit, runId: options.run }));
      emit(options, { runs }, () =>
        runs.length
          ? runs
              .map((r) =>
                [
                  `${r.run_id}  ${r.command}  ${r.status}  ${r.started_at} -> ${r.finished_at ?? '(not finished)'}  on ${r.warehouse}${r.error ? `\n  error: ${r.error}` : ''}`,
                  r.steps.length ? table(r.steps.map((s) => [s.step, s.status, s.rows ?? '', s.duration_ms === null ? '' : (s.duration_ms / 1000).toFixed(2)]), ['step', 'status', 'rows', 'seconds']).replace(/^/gm, '  ') : '  (no steps recorded)',
                ].join('\n'),
              )
              .join('\n\n')
          : options.run
            ? `no run ${options.run}`
            : 'no runs yet: start with `cpm run`',
      );
    });
}
