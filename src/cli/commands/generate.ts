import type { Command } from 'commander';
import { loadProject } from '../../config/project.js';
import { UsageError } from '../../errors/cpm-error.js';
import { generateWorld } from '../../synth/index.js';
import { isoDate, nonNegativeInt, positiveInt, withCommonOptions } from '../common-options.js';
import { emit, table, type OutputOptions } from '../output.js';
import { terminalProgress } from '../progress.js';

interface GenerateFlags extends OutputOptions {
  project?: string;
  scale: number;
  out?: string;
  seed: number;
  days: number;
  asOf?: string;
}

export function registerGenerate(program: Command): void {
  withCommonOptions(program.command('generate'))
    .description('generate the synthetic public-media world: five source exports plus ground truth')
    .option('--scale <n>', 'number of people', positiveInt('--scale'), 20_000)
    .option('--out <dir>', "output directory (default: the project's data directory)")
    .option('--seed <n>', 'random seed; the same seed gives the same files', nonNegativeInt('--seed'), 42)
    .option('--days <n>', 'also write this many daily incremental batches after the initial export', nonNegativeInt('--days'), 0)
    .option('--as-of <date>', 'last day of the simulated history (default 2026-06-30)', isoDate)
    .action(async (options: GenerateFlags) => {
      const outDir = options.out ?? (options.project ? loadProject(options.project).dataDir : undefined);
      if (!outDir) throw new UsageError('say where to write the files', 'pass --out DIR, or --project DIR to write into its data directory');
      const progress = terminalProgress();
      const result = await generateWorld({
        scale: options.scale,
        outDir,
        seed: options.seed,
        days: options.days,
        asOf: options.asOf,
        onProgress: (done, total, phase) => progress(`generate ${phase}`, done, total),
      });
      emit(options, { outDir, ...result }, () => {
        const rows = result.files.map((f) => [f.path, f.rows, f.bytes]);
        return `${table(rows, ['file', 'rows', 'bytes'])}\n${result.people} people, ${result.files.length} files in ${result.seconds.toFixed(1)} s -> ${outDir}`;
      });
    });
}
