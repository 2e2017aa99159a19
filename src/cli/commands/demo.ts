import { relative } from 'node:path';
import type { Command } from 'commander';
import { runDemo } from '../../project/demo.js';
import { positiveInt, withCommonOptions, withWaitOption } from '../common-options.js';
import { emit } from '../output.js';
import { terminalProgress } from '../progress.js';
import { type CommonOptions, projectFromOptions, withRun } from '../session.js';
import { qualityFailure } from './quality.js';
import { formatSummary } from './run.js';

export function registerDemo(program: Command): void {
  withWaitOption(withCommonOptions(program.command('demo')))
    .description('create a demo project, generate the synthetic world and run the pipeline on the embedded DuckDB file')
    .option('--scale <n>', 'number of people', positiveInt('--scale'), 20_000)
    .option('--dir <dir>', 'project directory', './cpm-demo')
    .action(async (options: CommonOptions & { scale: number; dir: string }) => {
      const progress = terminalProgress();
      const result = await runDemo(
        { dir: options.dir, scale: options.scale, onProgress: (done, total, phase) => progress(`generate ${phase}`, done, total) },
        (dir, fn) => withRun(options, 'demo', fn, projectFromOptions(options, dir)),
      );
      const rel = relative(process.cwd(), result.dir) || '.';
      emit(options, result, () =>
        [
          `cpm demo: ${options.scale.toLocaleString('en-US')} people${result.generated ? ' generated' : ' (data reused)'}, done in ${result.seconds.toFixed(1)} s`,
          '',
          formatSummary(result.summary),
          'next:',
          `  npx cpm status --project ${rel}          runs, rows per layer, watermarks`,
          `  npx cpm run --project ${rel}             after new exports land in ${rel}/data: loads and resolves only what is new`,
          `  npx cpm identity evaluate --project ${rel} --truth ${rel}/data/_truth/source_records.csv   accuracy against the ground truth`,
          `  npx cpm review list --project ${rel}     pairs waiting for a person's decision`,
          `  npx cpm metrics compare active_member active_member_with_grace active_member_fiscal --project ${rel}   three definitions of "active", side by side`,
          `  npx cpm metrics compute active_member --from 2023-07-01 --grain month --project ${rel}   a monthly series, as it stood at each month's end`,
          `the warehouse is one DuckDB file, ${rel}/warehouse/cpm.duckdb: open it with any DuckDB client to query raw.*, staging.*, golden.*, dimensions.*, marts.*`,
        ].join('\n'),
      );
      const failed = qualityFailure(result.summary.quality);
      if (failed) throw failed;
    });
}
