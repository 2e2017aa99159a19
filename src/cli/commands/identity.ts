import type { Command } from 'commander';
import { buildCandidatePairs } from '../../identity/block.js';
import { evaluateProfile, evaluateResolution, formatEvaluation } from '../../identity/evaluate.js';
import { explainPair, formatExplanation } from '../../identity/explain.js';
import { identityConfig, prepareRecords } from '../../identity/resolve.js';
import { withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun, withWarehouse } from '../session.js';

export function registerIdentity(program: Command): void {
  const identity = program.command('identity').description('inspect identity resolution: blocking, one pair, accuracy against ground truth');

  withCommonOptions(identity.command('blocking'))
    .description('candidate pairs per blocking rule, and the oversized blocks skipped')
    .action(async (options: CommonOptions) => {
      const report = await withRun(options, 'identity blocking', async (ctx) => {
        const config = identityConfig(ctx);
        await prepareRecords(ctx);
        return buildCandidatePairs(ctx.wh, config, { target: 'identity.blocking_preview' });
      });
      emit(options, report, () =>
        [
          table(
            report.rules.map((r) => [r.rule, r.keys.join(' + '), r.pairs, r.newPairs, r.blocks, r.largestBlock, r.oversizedBlocks, r.recordsInOversizedBlocks]),
            ['rule', 'keys', 'pairs', 'new pairs', 'blocks', 'largest', 'oversized', 'records skipped'],
          ),
          `\n${report.candidatePairs} candidate pairs (new pairs: not proposed by an earlier rule; decided pairs are always candidates)`,
        ].join('\n'),
      );
    });

  withCommonOptions(identity.command('explain'))
    .description('why two source records do or do not match: each feature, its contribution, the rule that fired')
    .argument('<a>', 'a record as SOURCE_SYSTEM:SOURCE_RECORD_ID')
    .argument('<b>', 'the other record')
    .action(async (a: string, b: string, options: CommonOptions) => {
      const explanation = await withRun(options, 'identity explain', (ctx) => explainPair(ctx, identityConfig(ctx), a, b));
      emit(options, explanation, () => formatExplanation(explanation));
    });

  withCommonOptions(identity.command('evaluate'))
    .description('pairwise and B-cubed precision/recall of the published golden layer against a ground-truth file')
    .requiredOption('--truth <file>', 'CSV with header source_system,source_record_id,person_id (cpm generate writes data/_truth/source_records.csv)')
    .option('--profile <name>', "evaluate a use-case profile's clustering (identity.yaml profiles) instead of the constituents")
    .action(async (options: CommonOptions & { truth: string; profile?: string }) => {
      const evaluation = await withWarehouse(options, (project, wh) => (options.profile ? evaluateProfile(project, wh, options.truth, options.profile) : evaluateResolution(wh, options.truth)));
      emit(options, evaluation, () => formatEvaluation(evaluation));
    });
}
