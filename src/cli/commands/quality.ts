// `cpm quality`: runs the checks of config/quality_rules.yaml, records them in
// quality.check_results, prints one line per check and exits 1 when a check fails (a warning
// exits 0). Also the text `cpm run` and `cpm demo` end their summary with.
import { type Command, Option } from 'commander';
import { qualityLayers, type QualityLayer } from '../../config/quality-schema.js';
import { CpmError, ExitCode } from '../../errors/cpm-error.js';
import { type QualityReport, runQuality } from '../../quality/quality-run.js';
import { type CheckResult, describeFailures } from '../../quality/results.js';
import { withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

export function formatMeasured(r: CheckResult): string {
  if (r.measured === null) return '-';
  if (r.kind === 'freshness') return r.measured >= 48 ? `${(r.measured / 24).toFixed(1)} d` : `${r.measured.toFixed(1)} h`;
  if (r.kind === 'schema') return `${r.measured} problem(s)`;
  if (r.percent === null) return String(r.measured);
  return `${r.measured} (${r.percent.toFixed(2)}%)`;
}

function problemLines(report: QualityReport): string[] {
  return report.results.filter((r) => r.outcome !== 'pass').map((r) => `  ${r.outcome.toUpperCase()} ${r.table} ${r.name}: ${r.detail}`);
}

function notificationLines(report: QualityReport): string[] {
  const n = report.notification;
  if (!n) return [];
  return [n.delivered ? `notification sent to ${n.endpoint}` : `notification to ${n.endpoint} NOT delivered after ${n.attempts} attempt(s): ${n.error} (recorded in meta.audit_log)`];
}

function countsLine(report: QualityReport): string {
  const { counts } = report;
  return `${counts.checks} check(s): ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`;
}

/** The full report of `cpm quality`: a table of every check, then the ones that did not pass. */
export function formatQualityReport(report: QualityReport): string {
  const rows = report.results.map((r) => [r.outcome.toUpperCase(), r.layer, r.table, r.name, formatMeasured(r), r.warn ?? '', r.fail ?? '']);
  return [table(rows, ['outcome', 'layer', 'table', 'check', 'measured', 'warn', 'fail']), '', ...problemLines(report), countsLine(report), ...notificationLines(report)].join('\n');
}

/** The lines `cpm run` and `cpm demo` end their summary with. */
export function formatQualitySummary(report: QualityReport): string {
  const lines = [`quality checks (${report.layers.join(', ') || 'none ran'}): ${countsLine(report)}`, ...problemLines(report)];
  if (report.blocked) lines.push('publish blocked: a check failed, so nothing new was published and golden, dimensions, marts and metrics keep their last state (block_publish in config/quality_rules.yaml)');
  return `${[...lines, ...notificationLines(report)].join('\n')}\n`;
}

/** Exit code 1 (checks failed), naming the failed checks; undefined when none failed. */
export function qualityFailure(report: QualityReport | undefined): CpmError | undefined {
  if (!report?.counts.fail) return undefined;
  const what = report.blocked ? 'quality checks failed, so golden, dimensions and marts were not published' : 'quality checks failed';
  return new CpmError(`${what}:\n  ${describeFailures(report.results).join('\n  ')}`, ExitCode.checksFailed, 'every check is in quality.check_results (`cpm quality` runs them again); fix the data, or the rule in config/quality_rules.yaml, and run again');
}

export function registerQuality(program: Command): void {
  withCommonOptions(program.command('quality'))
    .description('run the data quality checks of config/quality_rules.yaml and record them in quality.check_results; exit 1 when a check fails')
    .addOption(new Option('--layer <layer>', 'only the checks of this layer (raw and staging tables are "staging"; dimensions, marts and metrics "marts")').choices([...qualityLayers]))
    .action(async (options: CommonOptions & { layer?: QualityLayer }) => {
      const report = await withRun(options, 'quality', (ctx) => runQuality(ctx, options.layer));
      if (!report) {
        emit(options, { checks: 0, results: [] }, () => 'no config/quality_rules.yaml in this project: nothing to check (docs/quality.md shows how to write one)');
        return;
      }
      emit(options, report, () => formatQualityReport(report));
      if (report.counts.fail) process.exitCode = ExitCode.checksFailed;
    });
}
