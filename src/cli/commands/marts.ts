import type { Command } from 'commander';
import { lifecycleStages } from '../../config/lifecycle-schema.js';
import { type MartsResult, runMarts } from '../../marts/run-marts.js';
import { forgetDerivedState } from '../../pipeline/derived-state.js';
import { takeSnapshot } from '../../publish/take-snapshot.js';
import { isoDate, withCommonOptions, withWaitOption } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function formatMarts(r: MartsResult): string {
  const stages = lifecycleStages.map((s) => `${s} ${r.lifecycle[s]}`).join(', ');
  return [
    `dimensions, lifecycle stages and marts as of ${r.asOf.date} (${r.asOf.source})`,
    `golden.constituents.lifecycle_stage: ${stages}`,
    '',
    table(
      r.models.map((m) => [m.model, m.rows]),
      ['table', 'rows'],
    ),
  ].join('\n');
}

export function registerMarts(program: Command): void {
  withWaitOption(withCommonOptions(program.command('marts')))
    .description('build dimensions (dim_date, dim_campaign), lifecycle stages and the membership, development and marketing marts')
    .option('--as-of <date>', 'the date the marts describe (default: cpm.yaml as_of, else the latest event date)', isoDate)
    .action(async (options: CommonOptions & { asOf?: string }) => {
      // Built by hand (perhaps as of another date), they no longer match what `cpm run` recorded.
      const result = await withRun(options, 'marts', async (ctx) => {
        await forgetDerivedState(ctx);
        const built = await runMarts(ctx, { asOf: options.asOf });
        await takeSnapshot(ctx); // published: keep it for `cpm rollback`
        return built;
      });
      emit(options, result, () => formatMarts(result));
    });
}
