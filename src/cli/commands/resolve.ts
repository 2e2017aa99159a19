import type { Command } from 'commander';
import { runResolve, type ResolveResult } from '../../identity/resolve.js';
import { takeSnapshot } from '../../publish/take-snapshot.js';
import { withCommonOptions, withWaitOption } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function formatResolve(r: ResolveResult): string {
  const stages = Object.entries(r.seconds).map(([stage, s]) => [stage, Number(s.toFixed(2))]);
  return [
    r.mode === 'full'
      ? `full resolution of ${r.records} person records`
      : `incremental resolution: ${r.changedRecords} new or changed person records, ${r.touchedRecords} sharing a block with them, ${r.clusters.recomputedRecords} re-clustered`,
    `${r.golden.constituents} constituents from ${r.golden.links} source records (${r.clusters.rounds} clustering rounds)`,
    `${r.pairs.scored} pairs scored; the audit holds ${r.pairs.deterministic} deterministic matches, ${r.pairs.probabilistic} probabilistic, ${r.pairs.review} for review, ${r.pairs.vetoed} vetoed by guards`,
    `IDs: ${r.ids.created} new, ${r.ids.merged} merged into another, ${r.ids.split} split off`,
    `golden: ${r.golden.conflicts} survivorship conflicts logged, ${r.golden.reviewQueue} pairs in the review queue`,
    '',
    table(stages as (string | number)[][], ['stage', 'seconds']),
  ].join('\n');
}

export function registerResolve(program: Command): void {
  withWaitOption(withCommonOptions(program.command('resolve')))
    .description('resolve identities: staging.person_records -> golden.constituents, links, events, review queue')
    .option('--force', 'resolve even when nothing changed since the last resolution')
    .option('--full', 'resolve every record again instead of only what new batches and decisions touch')
    .action(async (options: CommonOptions & { force?: boolean; full?: boolean }) => {
      const result = await withRun(options, 'resolve', async (ctx) => {
        const resolved = await runResolve(ctx, { force: options.force, full: options.full });
        if (!resolved.skipped) await takeSnapshot(ctx); // golden was published: keep it for `cpm rollback`
        return resolved;
      });
      emit(options, result, () => (result.skipped ? 'nothing changed since the last resolution (no new batch, rule or review decision); use --force to resolve anyway' : formatResolve(result)));
    });
}
