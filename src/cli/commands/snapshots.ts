import type { Command } from 'commander';
import { listSnapshots } from '../../publish/snapshot-store.js';
import { withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withWarehouse } from '../session.js';

export function registerSnapshots(program: Command): void {
  withCommonOptions(program.command('snapshots'))
    .description('the snapshots of the published state kept for `cpm rollback` (newest first)')
    .action(async (options: CommonOptions) => {
      const { snapshots, keep } = await withWarehouse(options, async (project, wh) => ({ snapshots: await listSnapshots(wh), keep: project.config.snapshots.keep }));
      emit(options, { keep, snapshots }, () =>
        snapshots.length
          ? `${table(
              snapshots.map((s) => [s.runId, s.createdAt, s.command ?? '', s.method, s.tables, s.rows]),
              ['run', 'taken', 'command', 'method', 'tables', 'rows'],
            )}\n\n${snapshots.length} kept (cpm.yaml snapshots.keep: ${keep}); \`cpm rollback --to RUN\` restores one`
          : `no snapshots yet: each \`cpm run\` that publishes keeps one (cpm.yaml snapshots.keep: ${keep})`,
      );
    });
}
