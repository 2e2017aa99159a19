// `npm run bench:metrics -- --project DIR [--as-of DATE] [--series METRIC]`: times every
// dictionary metric as of one date and a 36-month monthly series of one metric, on a project
// that `cpm run` (or `npm run bench -- --keep DIR`) has built. Each timing is the query alone,
// as the engine runs it (computeMetrics), after one warm-up query.
import { parseArgs } from 'node:util';
import { loadProject } from '../src/config/project.js';
import { resolveAsOf } from '../src/marts/as-of.js';
import { computeMetrics, fiscalYearStartMonth, projectDictionary } from '../src/metrics/engine.js';
import { periodEnds, previousPeriod } from '../src/metrics/periods.js';
import { withProjectRun } from '../src/pipeline/run-session.js';

const { values } = parseArgs({ options: { project: { type: 'string' }, 'as-of': { type: 'string' }, series: { type: 'string', default: 'active_member' } } });
if (!values.project) throw new Error('pass --project DIR (a project built at the scale to measure)');
const project = loadProject(values.project);
const dict = projectDictionary(project);
const fiscal = fiscalYearStartMonth(project);
const series = values.series!;

await withProjectRun(
  project,
  'bench metrics',
  async (ctx) => {
    const { wh, runId } = ctx;
    const asOf = (await resolveAsOf(ctx, values['as-of'])).date;
    const [events] = await wh.query('SELECT COUNT(*) AS n, COUNT(DISTINCT constituent_id) AS c FROM golden.engagement_events');
    process.stderr.write(`metrics bench: ${Number(events?.['n']).toLocaleString('en-US')} events of ${Number(events?.['c']).toLocaleString('en-US')} constituents, as of ${asOf}\n`);

    await computeMetrics(wh, dict, [series], { asOf: [asOf], fiscalYearStartMonth: fiscal, runId }); // warm-up
    const one = await computeMetrics(wh, dict, [...dict.metrics.keys()], { asOf: [asOf], fiscalYearStartMonth: fiscal, runId });
    for (const [name, seconds] of Object.entries(one.seconds)) process.stderr.write(`  ${name.padEnd(30)} ${seconds.toFixed(3).padStart(7)} s\n`);
    const slowest = Math.max(...Object.values(one.seconds));

    let from = asOf;
    for (let i = 0; i < 35; i++) from = previousPeriod(from, 'month');
    const dates = periodEnds(from, asOf, 'month', fiscal);
    const timed = async (breakdown: boolean) => {
      const started = performance.now();
      await computeMetrics(wh, dict, [series], { asOf: dates, fiscalYearStartMonth: fiscal, runId, breakdown });
      return (performance.now() - started) / 1000;
    };
    const seriesSeconds = await timed(false);
    const breakdownSeconds = await timed(true);
    process.stderr.write(`slowest metric ${slowest.toFixed(3)} s (target < 1 s); ${dates.length}-month series of ${series} ${seriesSeconds.toFixed(2)} s (target < 5 s), with its breakdowns ${breakdownSeconds.toFixed(2)} s\n`);
    process.stdout.write(`${JSON.stringify({ as_of: asOf, metrics: one.seconds, slowest_seconds: slowest, series: { metric: series, points: dates.length, seconds: seriesSeconds, with_breakdowns_seconds: breakdownSeconds } })}\n`);
  },
  { stderrLevel: 'warn' },
);
