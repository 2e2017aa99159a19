import type { Command } from 'commander';
import { layerCounts } from '../../pipeline/layer-counts.js';
import { qualified } from '../../pipeline/meta-tables.js';
import { reconcile, reconciliationTotals } from '../../pipeline/reconciliation.js';
import { withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withWarehouse } from '../session.js';

export function registerStatus(program: Command): void {
  withCommonOptions(program.command('status'))
    .description('last runs, row counts per layer, and watermarks')
    .option('--runs <n>', 'how many recent runs to show', (v) => Number(v), 10)
    .action(async (options: CommonOptions & { runs: number }) => {
      const status = await withWarehouse(options, async (project, wh) => {
        const d = wh.dialect;
        const runs = await wh.query(
          `SELECT run_id, command, status, ${d.timestampToText('started_at')} AS started_at, ${d.timestampToText('finished_at')} AS finished_at, error FROM ${qualified(d, 'meta.runs')} ORDER BY started_at DESC, run_id DESC LIMIT ${Math.max(1, Math.floor(options.runs) || 10)}`,
        );
        const watermarks = await wh.query(`SELECT source, stream, watermark_column, last_value, ${d.timestampToText('updated_at')} AS updated_at FROM ${qualified(d, 'meta.watermarks')} ORDER BY source, stream`);
        const batches = await reconcile(wh, project.sources);
        const reconciliation = { ok: batches.every((b) => b.unaccounted === 0), streams: reconciliationTotals(batches), batches };
        return { project: project.config.name, warehouse: wh.location, engine: d.name, runs, tables: await layerCounts(wh, ['raw', 'staging', 'golden', 'dimensions', 'marts', 'quality']), watermarks, reconciliation };
      });
      emit(options, status, () =>
        [
          `project ${status.project} on ${status.engine} (${status.warehouse})`,
          '',
          'recent runs',
          table(status.runs.map((r) => [String(r['run_id']), String(r['command']), String(r['status']), String(r['started_at']), String(r['finished_at'] ?? '')]), ['run', 'command', 'status', 'started', 'finished']),
          '',
          'rows per layer',
          table(status.tables.map((t) => [t.layer, t.table, t.rows]), ['layer', 'table', 'rows']),
          '',
          'watermarks',
          table(status.watermarks.map((w) => [`${w['source']}.${w['stream']}`, String(w['watermark_column']), String(w['last_value']), String(w['updated_at'])]), ['stream', 'column', 'last value', 'updated']),
          '',
          'reconciliation: raw rows = staged + quarantined + superseded + pending',
          table(
            status.reconciliation.streams.map((r) => [`${r.source}.${r.stream}`, r.raw, r.staged, r.quarantined, r.superseded, r.pending, r.unaccounted]),
            ['stream', 'raw', 'staged', 'quarantined', 'superseded', 'pending', 'unaccounted'],
          ),
          status.reconciliation.ok ? 'every raw row is accounted for' : `warning: ${status.reconciliation.batches.filter((b) => b.unaccounted !== 0).length} batch(es) have unaccounted rows (see --json)`,
        ].join('\n'),
      );
    });
}
