// The metrics step of `cpm run`: the whole dictionary as of the run's date, stored in
// metrics.metric_values. Failed expectations are logged as warnings here (the command
// `cpm metrics compute` turns them into exit code 1).
import { existsSync } from 'node:fs';
import type { RunContext } from '../pipeline/run-context.js';
import { timedStep } from '../pipeline/run-log.js';
import { computeMetrics, fiscalYearStartMonth, projectDictionary } from './engine.js';
import type { ExpectationFailure } from './expectations.js';
import type { MetricResult } from './metric-values.js';

export interface MetricsStepResult {
  asOf: string;
  /** Headline metrics, in the dictionary's order. */
  headline: Array<MetricResult & { display_name: string; format: string }>;
  computed: number;
  failures: ExpectationFailure[];
}

const dictionaryPath = 'config/metrics_definitions.yaml';

export async function runMetrics(ctx: RunContext, asOf: string): Promise<MetricsStepResult | undefined> {
  if (!existsSync(ctx.project.path(dictionaryPath))) {
    ctx.log.info(`no ${dictionaryPath}: no metrics computed`);
    return undefined;
  }
  const dict = projectDictionary(ctx.project);
  const names = [...dict.metrics.keys()];
  const out = await timedStep(ctx, 'metrics', () => computeMetrics(ctx.wh, dict, names, { asOf: [asOf], fiscalYearStartMonth: fiscalYearStartMonth(ctx.project), runId: ctx.runId, check: true }), (r) => ({ rows: r.results.length, detail: `as of ${asOf}` }));
  for (const f of out.failures) ctx.log.warn(`expectation failed: ${f.metric} as of ${f.as_of_date}: ${f.expectation}: ${f.message}`);
  const headline = dict.headline.map((name) => {
    const def = dict.metrics.get(name)!.definition;
    return { ...out.results.find((r) => r.metric === name)!, display_name: def.display_name, format: def.format };
  });
  return { asOf, headline, computed: out.results.length, failures: out.failures };
}
