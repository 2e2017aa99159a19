import type { Command } from 'commander';
import { decidePair, listReviewQueue, showPair } from '../../identity/review.js';
import { newRunId } from '../../pipeline/run-log.js';
import { positiveInt, withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withWarehouse } from '../session.js';
import { userInfo } from 'node:os';

interface DecideOptions extends CommonOptions {
  by?: string;
  note?: string;
}

function registerDecision(review: Command, name: 'approve' | 'reject', decision: 'match' | 'no_match', description: string): void {
  withCommonOptions(review.command(name))
    .description(description)
    .argument('<pair-id>', 'the pair id shown by `cpm review list`')
    .option('--by <name>', 'who decides (default: the current user)')
    .option('--note <text>', 'why, for the audit trail')
    .action(async (pairId: string, options: DecideOptions) => {
      const decidedBy = options.by ?? userInfo().username;
      const result = await withWarehouse(options, (_project, wh) => decidePair(wh, { pairId, decision, decidedBy, note: options.note, runId: newRunId() }));
      emit(options, { pair_id: pairId, ...result, decision, decided_by: decidedBy }, () => `${pairId}: recorded "${decision}" by ${decidedBy}; it applies from the next \`cpm resolve\` (or \`cpm run\`) on`);
    });
}

export function registerReview(program: Command): void {
  const review = program.command('review').description('the human review queue of possible matches');

  withCommonOptions(review.command('list'))
    .description('pairs waiting for a decision, most likely matches first')
    .option('--limit <n>', 'how many to show', positiveInt('--limit'), 20)
    .action(async (options: CommonOptions & { limit: number }) => {
      const queue = await withWarehouse(options, (_project, wh) => listReviewQueue(wh, options.limit));
      emit(options, queue, () =>
        queue.total === 0
          ? 'the review queue is empty'
          : `${table(queue.items.map((i) => [i.pair_id, i.key_a, i.key_b, Number(i.confidence.toFixed(4))]), ['pair', 'record a', 'record b', 'confidence'])}\n\n${queue.total} pair(s) waiting; \`cpm review show PAIR\` for the evidence`,
      );
    });

  withCommonOptions(review.command('show'))
    .description('one pair: both records, each feature and its contribution, earlier decisions')
    .argument('<pair-id>')
    .action(async (pairId: string, options: CommonOptions) => {
      const shown = await withWarehouse(options, (_project, wh) => showPair(wh, pairId));
      emit(options, shown, () => {
        const fields = Object.keys(shown.records[0] ?? {});
        const rows = fields.map((f) => [f, String(shown.records[0]?.[f] ?? '-'), String(shown.records[1]?.[f] ?? '-')]);
        // The audit holds f_<feature> (similarity) and c_<feature> (its contribution) columns.
        const evidence = Object.keys(shown.pair)
          .filter((k) => k.startsWith('f_'))
          .map((k) => `  ${k.slice(2)}: ${shown.pair[k] === null ? 'missing' : `similarity ${shown.pair[k]}, contribution ${shown.pair[`c_${k.slice(2)}`]}`}`);
        const decisions = shown.decisions.map((x) => `  ${x['decided_at']} ${x['decided_by']}: ${x['decision']}${x['note'] ? ` (${x['note']})` : ''}`);
        return [
          table(rows, ['field', 'record a', 'record b']),
          '',
          `confidence ${shown.pair['confidence']} (${shown.pair['match_type']}${shown.pair['veto'] ? `, vetoed by ${shown.pair['veto']}` : ''}${shown.pair['hold'] ? `, held by ${shown.pair['hold']}` : ''}); classification ${shown.pair['classification']}`,
          'evidence:',
          ...evidence,
          decisions.length ? 'decisions:' : 'no decision yet',
          ...decisions,
        ].join('\n');
      });
    });

  registerDecision(review, 'approve', 'match', 'decide that a pair is the same person (binds every later run)');
  registerDecision(review, 'reject', 'no_match', 'decide that a pair is not the same person (binds every later run)');
}
