// `cpm metrics ...`: the governed dictionary — compute (as of a date, or a series), the SQL per
// engine, side-by-side definitions, drift against an earlier run, the version lint, docs, exports.
import { type Command, Option } from 'commander';
import { CpmError, ExitCode } from '../../errors/cpm-error.js';
import { type DialectName, dialectNames, getDialect } from '../../dialect/registry.js';
import { compileMetric } from '../../metrics/compile.js';
import type { Dictionary } from '../../metrics/dictionary.js';
import { diffResults, parseThreshold, readResultsFile } from '../../metrics/diff.js';
import { resolveAsOf } from '../../marts/as-of.js';
import { computeMetrics, fiscalYearStartMonth, projectDictionary } from '../../metrics/engine.js';
import { formatValue } from '../../metrics/format.js';
import { lintVersions } from '../../metrics/lint.js';
import { type MetricResult, valuesOfRun } from '../../metrics/metric-values.js';
import { type Grain, grains, periodEnds } from '../../metrics/periods.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { dictionaryHtml, dictionaryMarkdown } from '../../metrics/docs.js';
import { cubeModel } from '../../metrics/export/cube.js';
import { metricFlowProject } from '../../metrics/export/metricflow.js';
import { isoDate, withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, projectFromOptions, withRun, withWarehouse } from '../session.js';

interface ComputeFlags extends CommonOptions {
  asOf?: string;
  from?: string;
  to?: string;
  grain: Grain;
  check: boolean;
  breakdown?: boolean;
}

function metricNames(dict: Dictionary, names: string[]): string[] {
  const unknown = names.filter((n) => !dict.metrics.has(n));
  if (unknown.length) throw new CpmError(`no metric ${unknown.join(', ')} in ${dict.file}`, ExitCode.usage, `\`cpm metrics list\` shows the ${dict.metrics.size} metrics`);
  return names.length ? names : [...dict.metrics.keys()];
}

function formatResults(dict: Dictionary, results: MetricResult[]): string {
  const rows = results.map((r) => {
    const def = dict.metrics.get(r.metric)!.definition;
    const breakdown = Object.entries(r.dimensions)
      .map(([dim, values]) => `${dim}: ${Object.entries(values).map(([k, v]) => `${k} ${formatValue(v, def.format)}`).join(', ')}`)
      .join('; ');
    return [r.metric, r.as_of_date, formatValue(r.value, def.format), r.definition_version, breakdown];
  });
  return table(rows, ['metric', 'as of', 'value', 'version', 'breakdown']);
}

export function registerMetrics(program: Command): void {
  const metrics = program.command('metrics').description('the governed metrics dictionary (config/metrics_definitions.yaml)');

  withCommonOptions(metrics.command('list'))
    .description('every metric with its owner, version and status')
    .action((options: CommonOptions) => {
      const dict = projectDictionary(projectFromOptions(options));
      const list = [...dict.metrics.values()].map((m) => ({ metric: m.name, display_name: m.definition.display_name, business_owner: m.definition.business_owner, version: m.definition.version, status: m.definition.status, from: m.from, fingerprint: m.fingerprint }));
      emit(options, list, () => table(list.map((m) => [m.metric, m.display_name, m.business_owner, m.version, m.status]), ['metric', 'name', 'owner', 'version', 'status']));
    });

  withCommonOptions(metrics.command('compute', { isDefault: true }))
    .description('compute metrics as of a date (default: all), or a series with --from/--to; values are stored in metrics.metric_values (the default: `cpm metrics` alone computes every metric)')
    .argument('[names...]', 'metric names (default: every metric)')
    .option('--as-of <date>', 'the measurement date (default: cpm.yaml as_of, else the last day of data)', isoDate)
    .option('--from <date>', 'first date of a series', isoDate)
    .option('--to <date>', 'last date of a series (default: the as-of date)', isoDate)
    .addOption(new Option('--grain <grain>', 'series period; each point is the value on the period\'s last day').choices(grains).default('month'))
    .option('--breakdown', 'break a series down by the metric\'s dimensions too (a single date always is)')
    .option('--no-check', 'do not check expectations')
    .action(async (names: string[], options: ComputeFlags) => {
      const out = await withRun(options, 'metrics', async (ctx) => {
        const dict = projectDictionary(ctx.project);
        const selected = metricNames(dict, names);
        const fiscal = fiscalYearStartMonth(ctx.project);
        const asOf = (await resolveAsOf(ctx, options.asOf)).date;
        const dates = options.from ? periodEnds(options.from, options.to ?? asOf, options.grain, fiscal) : [asOf];
        const breakdown = !options.from || options.breakdown === true;
        return { dict, ...(await computeMetrics(ctx.wh, dict, selected, { asOf: dates, fiscalYearStartMonth: fiscal, runId: ctx.runId, check: options.check, breakdown })) };
      });
      const { dict, results, failures } = out;
      emit(options, results.length === 1 ? results[0] : results, () => formatResults(dict, results));
      for (const f of failures) process.stderr.write(`expectation failed: ${f.metric} as of ${f.as_of_date}: ${f.expectation}: ${f.message}\n`);
      if (failures.length) process.exitCode = ExitCode.checksFailed;
    });

  withCommonOptions(metrics.command('sql'))
    .description('print the SQL a metric compiles to, for any engine')
    .argument('<name>')
    .addOption(new Option('--dialect <dialect>', 'engine to render for').choices([...dialectNames]).default('duckdb'))
    .option('--as-of <date>', 'the as-of date written into the SQL', isoDate)
    .action((name: string, options: CommonOptions & { dialect: DialectName; asOf?: string }) => {
      const project = projectFromOptions(options);
      const dict = projectDictionary(project);
      metricNames(dict, [name]);
      const asOf = options.asOf ?? project.config.as_of ?? new Date().toISOString().slice(0, 10);
      const sql = compileMetric(dict, name, getDialect(options.dialect), { asOf: [asOf], fiscalYearStartMonth: fiscalYearStartMonth(project) });
      if (options.json) emit(options, { metric: name, dialect: options.dialect, as_of_date: asOf, sql }, () => '');
      else process.stdout.write(`${sql};\n`);
    });

  withCommonOptions(metrics.command('compare'))
    .description('several definitions side by side: value, definition and caveats ("which number is right?")')
    .argument('<names...>')
    .option('--as-of <date>', 'the measurement date', isoDate)
    .action(async (names: string[], options: CommonOptions & { asOf?: string }) => {
      const rows = await withRun(options, 'metrics compare', async (ctx) => {
        const dict = projectDictionary(ctx.project);
        metricNames(dict, names);
        const asOf = (await resolveAsOf(ctx, options.asOf)).date;
        const { results } = await computeMetrics(ctx.wh, dict, names, { asOf: [asOf], fiscalYearStartMonth: fiscalYearStartMonth(ctx.project), runId: ctx.runId });
        return results.map((r) => {
          const def = dict.metrics.get(r.metric)!.definition;
          return { ...r, display_name: def.display_name, definition: def.definition.trim(), business_owner: def.business_owner, status: def.status, caveats: def.caveats, formatted: formatValue(r.value, def.format) };
        });
      });
      emit(options, rows, () =>
        rows
          .map((r) => [`${r.display_name} (${r.metric} ${r.definition_version}, ${r.status}; owner: ${r.business_owner})`, `  value as of ${r.as_of_date}: ${r.formatted}`, `  definition: ${r.definition}`, ...r.caveats.map((c) => `  caveat: ${c}`)].join('\n'))
          .join('\n\n'),
      );
    });

  withCommonOptions(metrics.command('diff'))
    .description('recompute the values of an earlier run (or a saved --json file) and flag those that moved more than the threshold')
    .requiredOption('--against <run-or-file>', 'a run id from metrics.metric_values, or a file saved with `cpm metrics compute --json`')
    .option('--threshold <percent>', 'flag moves larger than this', '5%')
    .action(async (options: CommonOptions & { against: string; threshold: string }) => {
      const threshold = parseThreshold(options.threshold);
      const changes = await withRun(options, 'metrics diff', async (ctx) => {
        const dict = projectDictionary(ctx.project);
        const before = /\.json$/i.test(options.against) ? readResultsFile(options.against) : await valuesOfRun(ctx.wh, options.against);
        if (!before.length) throw new CpmError(`no metric values for run ${options.against}`, ExitCode.usage, 'pass a run id that computed metrics (`cpm runs`, or metrics.metric_values.run_id) or a JSON file');
        const fiscal = fiscalYearStartMonth(ctx.project);
        const after: MetricResult[] = [];
        for (const name of new Set(before.map((b) => b.metric))) {
          if (!dict.metrics.has(name)) continue;
          const dates = [...new Set(before.filter((b) => b.metric === name).map((b) => b.as_of_date))];
          after.push(...(await computeMetrics(ctx.wh, dict, [name], { asOf: dates, fiscalYearStartMonth: fiscal, runId: ctx.runId })).results);
        }
        return diffResults(before, after, threshold);
      });
      const flagged = changes.filter((c) => c.flagged);
      emit(options, { threshold_percent: threshold, flagged: flagged.length, changes }, () =>
        flagged.length
          ? `${table(flagged.map((c) => [c.metric, c.as_of_date, c.slice, String(c.before), String(c.after), c.change_percent === null ? 'n/a' : `${c.change_percent.toFixed(1)}%`]), ['metric', 'as of', 'slice', 'before', 'after', 'change'])}\n\n${flagged.length} of ${changes.length} value(s) moved more than ${threshold}%`
          : `all ${changes.length} value(s) within ${threshold}%`,
      );
      if (flagged.length) process.exitCode = ExitCode.checksFailed;
    });

  withCommonOptions(metrics.command('docs'))
    .description('write the dictionary as a browsable document (Markdown and HTML)')
    .option('--out <dir>', 'where to write index.md and index.html (default: PROJECT/docs/metrics)')
    .action((options: CommonOptions & { out?: string }) => {
      const project = projectFromOptions(options);
      const dict = projectDictionary(project);
      const out = resolve(options.out ?? project.path('docs/metrics'));
      const files = { 'index.md': dictionaryMarkdown(dict), 'index.html': dictionaryHtml(dict) };
      const written = writeFiles(out, files);
      emit(options, { files: written, metrics: dict.metrics.size }, () => `wrote ${written.join(' and ')} (${dict.metrics.size} metrics)`);
    });

  withCommonOptions(metrics.command('export'))
    .description('export the dictionary for a BI tool: dbt Semantic Layer (MetricFlow) or Cube data model YAML')
    .addOption(new Option('--format <format>', 'what to write').choices(['metricflow', 'cube']).makeOptionMandatory())
    .addOption(new Option('--dialect <dialect>', 'SQL dialect of the warehouse the tool queries (default: the project\'s)').choices([...dialectNames]))
    .option('--out <dir>', 'where to write (default: PROJECT/export/<format>)')
    .action((options: CommonOptions & { format: 'metricflow' | 'cube'; dialect?: DialectName; out?: string }) => {
      const project = projectFromOptions(options);
      const dict = projectDictionary(project);
      const d = getDialect(options.dialect ?? project.config.warehouse.type);
      const fiscal = fiscalYearStartMonth(project);
      const out = resolve(options.out ?? project.path(join('export', options.format)));
      const exported = options.format === 'cube' ? (({ yaml, skipped }) => ({ files: { 'model/cubes/cpm_metrics.yml': yaml }, skipped }))(cubeModel(dict, d, fiscal)) : metricFlowProject(dict, d, fiscal);
      const written = writeFiles(out, exported.files);
      emit(options, { format: options.format, dialect: d.name, files: written, skipped: exported.skipped }, () =>
        [`wrote ${written.length} file(s) under ${out} for ${options.format} (${d.name} SQL)`, ...exported.skipped.map((s) => `skipped ${s}`)].join('\n'),
      );
    });

  withCommonOptions(metrics.command('lint'))
    .description('validate the dictionary and fail when a calculation changed but its version did not')
    .action(async (options: CommonOptions) => {
      const problems = await withWarehouse(options, async (project, wh) => lintVersions(wh, projectDictionary(project)));
      emit(options, { ok: problems.length === 0, problems }, () => (problems.length ? problems.map((p) => `error: ${p.message}`).join('\n') : 'the dictionary is valid and every changed calculation has a new version'));
      if (problems.length) process.exitCode = ExitCode.checksFailed;
    });
}

function writeFiles(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, content]) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  });
}
