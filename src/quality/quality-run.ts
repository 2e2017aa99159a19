// Quality checks inside a run: `cpm quality` runs the layers asked for; `cpm run` runs each layer
// after the step that builds it, golden and marts on their new tables before they are published.
// Unless block_publish is false, a failing check stops the publish: a staging failure before
// resolve (resolve, marts and metrics do not run), a golden or marts failure before the new
// tables replace the published ones (they are dropped; the last published state stays). Results
// go to quality.check_results; the notification hook fires once per run, after the last layer.
import { qualityLayers, type QualityLayer } from '../config/quality-schema.js';
import { nowText, type RunContext } from '../pipeline/run-context.js';
import { checkSpecs } from './check-specs.js';
import { type NotifyOutcome, notificationBody, notifyQuality } from './notify.js';
import { type CheckResult, countOutcomes, describeFailures, type QualityCounts, recordResults } from './results.js';
import { runChecks } from './run-checks.js';

export interface QualityReport {
  results: CheckResult[];
  counts: QualityCounts;
  /** Layers checked, in order. */
  layers: QualityLayer[];
  /** A check failed and block_publish kept golden, marts and metrics as they were. */
  blocked: boolean;
  notification?: NotifyOutcome;
}

export interface QualitySession {
  /** Checks one layer (the tables in `aside` in their versions built aside); false when the run must not publish. */
  check(layer: QualityLayer, aside?: Map<string, string>): Promise<boolean>;
  /** The report of every layer checked (undefined without quality rules), after notifying. */
  finish(): Promise<QualityReport | undefined>;
}

/** @param gate whether a failing check stops the publish (`cpm run`), per block_publish. */
export function qualitySession(ctx: RunContext, gate = true): QualitySession {
  const rules = ctx.project.quality;
  // One clock per run: `now` in ranges and freshness means the same moment in every check.
  const clock = { now: nowText() };
  const results: CheckResult[] = [];
  const layers: QualityLayer[] = [];
  let blocked = false;
  return {
    async check(layer, aside) {
      if (!rules) return true;
      const specs = checkSpecs(rules).filter((s) => s.layer === layer);
      if (!specs.length) return true;
      ctx.progress(`quality ${layer}`, 0, specs.length);
      const found = await runChecks(ctx, specs, clock, aside);
      await recordResults(ctx.wh, ctx.runId, clock.now, found);
      ctx.progress(`quality ${layer}`, specs.length, specs.length);
      results.push(...found);
      layers.push(layer);
      if (gate && rules.block_publish && found.some((r) => r.outcome === 'fail')) {
        blocked = true;
        ctx.log.error(`quality checks failed on ${layer}; golden, marts and metrics were not published (block_publish: true):\n  ${describeFailures(found).join('\n  ')}`, {}, { fileOnly: true });
        return false;
      }
      return true;
    },
    async finish() {
      if (!rules) return undefined;
      const counts = countOutcomes(results);
      const body = notificationBody(ctx.project.config.name, ctx.runId, clock.now, results, counts, blocked);
      const notification = await notifyQuality(ctx, rules.notify, body);
      return { results, counts, layers, blocked, ...(notification ? { notification } : {}) };
    },
  };
}

/** `cpm quality`: the layers asked for (default all), in pipeline order. */
export async function runQuality(ctx: RunContext, only?: QualityLayer): Promise<QualityReport | undefined> {
  const session = qualitySession(ctx, false);
  for (const layer of qualityLayers.filter((l) => !only || l === only)) await session.check(layer);
  return session.finish();
}
