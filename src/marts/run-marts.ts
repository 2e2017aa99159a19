// `cpm marts`: after identity resolution, builds the dimensions (sql/dimensions/), the lifecycle
// stages and the Membership, Development and Marketing marts (sql/marts/) in ref() order, all as
// of one date. Every model is rebuilt whole: they are aggregates over the golden layer, cheap
// next to resolution, and a rebuild can never leave one mart describing another day.
// Each table is built aside (<name>__next, reading the new versions of the models it refs) and
// all of them are published together with the lifecycle stages they give golden.constituents
// (src/publish/publish-aside.ts): a reader never sees one mart of this build beside another of
// the last, and a failed build leaves the published marts as they were. `cpm run` builds them on
// golden tables that are themselves still aside, and publishes both as one.
import type { LifecycleStage } from '../config/lifecycle-schema.js';
import { ConfigError, UsageError } from '../errors/cpm-error.js';
import { ensureEngagementView } from '../identity/golden.js';
import { qualified, splitName } from '../pipeline/meta-tables.js';
import { modelCatalog } from '../pipeline/model-catalog.js';
import { topologicalOrder } from '../pipeline/models/dag.js';
import { allBatches } from '../pipeline/models/materialize.js';
import type { Model } from '../pipeline/models/model.js';
import type { RunContext } from '../pipeline/run-context.js';
import { timedStep } from '../pipeline/run-log.js';
import { asideNames, asideTable, type PublishPlan, publishPlan } from '../publish/publish-aside.js';
import { countRows } from '../warehouse/count-rows.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { resolveAsOf, type AsOf } from './as-of.js';
import { lifecycleMerge, profileTable, stageCounts } from './lifecycle.js';

export interface MartsOptions {
  /** YYYY-MM-DD, or a date the caller already resolved; default: cpm.yaml's as_of, else the latest event date. */
  asOf?: string | AsOf;
  /** Golden tables built aside and not yet published: the marts read them instead of the published ones. */
  golden?: PublishPlan;
}

export interface MartsResult {
  asOf: AsOf;
  models: { model: string; rows: number }[];
  /** Constituents per lifecycle stage after the build. */
  lifecycle: Record<LifecycleStage, number>;
  /** Campaign codes no `campaigns:` entry of calendar.yaml describes. */
  unmatchedCampaignCodes: string[];
  /** Gifts dated outside calendar.yaml's date_range (they get no fiscal year). */
  giftsOutsideCalendar: number;
}

const martSchemas = ['dimensions', 'marts'];

/** `cpm marts`: builds the marts aside and publishes them. */
export async function runMarts(ctx: RunContext, options: MartsOptions = {}): Promise<MartsResult> {
  const built = await buildMartsAside(ctx, options);
  await timedStep(ctx, 'publish', () => publishPlan(ctx.wh, built.plan), () => ({ rows: built.plan.tables.length, detail: 'dimensions and marts' }));
  return finishMarts(ctx, built);
}

/** Marts built aside, and the plan that publishes them. */
export interface MartsAside {
  asOf: AsOf;
  models: MartsResult['models'];
  plan: PublishPlan;
}

export async function buildMartsAside(ctx: RunContext, options: MartsOptions = {}): Promise<MartsAside> {
  const { wh, project } = ctx;
  const d = wh.dialect;
  if (!options.golden) {
    if (!(await wh.tableExists({ schema: 'golden', name: 'constituents' }))) {
      throw new UsageError('the golden layer is not built yet: the marts are built from golden.constituents and golden.engagement_events', 'run `cpm resolve` (or `cpm run`) first');
    }
    await ensureEngagementView(wh);
  }
  const golden = options.golden ? asideNames(options.golden) : new Map<string, string>();
  const asOf = typeof options.asOf === 'object' ? options.asOf : await resolveAsOf(ctx, options.asOf, golden.get('golden.engagement_events'));
  ctx.log.info(`marts as of ${asOf.date} (${asOf.source})`);
  const models = topologicalOrder(modelCatalog(project, d, asOf.date).filter((m) => martSchemas.includes(m.name.split('.')[0]!)));
  const incremental = models.filter((m) => m.config.materialized === 'incremental');
  if (incremental.length) {
    throw new ConfigError(
      incremental.map((m) => `${m.origin}: dimension and mart models are rebuilt whole and published together; materialized='incremental' is for staging models`),
      "use config(materialized='table') (or 'view')",
    );
  }
  const tables = models.filter((m) => m.config.materialized === 'table');
  if (!tables.some((m) => m.name === profileTable)) throw new Error(`no ${profileTable} model under sql/marts: the lifecycle stages cannot be computed`);
  const aside = new Set(tables.map((m) => m.name));
  const refName = (name: string) => (aside.has(name) ? asideTable(d, name) : qualified(d, golden.get(name) ?? name));
  for (const schema of martSchemas) await wh.execute(d.createSchema(schema));
  const built: MartsResult['models'] = [];
  for (const [i, model] of tables.entries()) {
    ctx.progress(`marts ${model.name}`, i, tables.length);
    const rows = await timedStep(ctx, `marts:${model.name}`, () => buildAside(wh, model, refName), (n) => ({ rows: n, detail: `as of ${asOf.date}; ${model.origin}` }));
    built.push({ model: model.name, rows });
  }
  ctx.progress('marts', tables.length, tables.length);
  // Views read the published names, so they are (re)made with the tables they read.
  const views = models.filter((m) => m.config.materialized === 'view').map((m) => d.createView(qualified(d, m.name), m.render({ after: 0, upTo: allBatches })));
  return { asOf, models: built, plan: { tables: tables.map((m) => splitName(m.name)), after: [...views, lifecycleMerge(d)] } };
}

/** After the publish: the lifecycle stages it gave golden.constituents, and what the calendar does not cover. */
export async function finishMarts(ctx: RunContext, built: MartsAside): Promise<MartsResult> {
  return { asOf: built.asOf, models: built.models, lifecycle: await stageCounts(ctx.wh), ...(await checkCoverage(ctx, built.asOf.date)) };
}

/** A whole-table model into <name>__next; its rows. */
async function buildAside(wh: Warehouse, model: Model, refName: (name: string) => string): Promise<number> {
  const target = asideTable(wh.dialect, model.name);
  await wh.execute(wh.dialect.createTableAs(target, model.render({ after: 0, upTo: allBatches }, undefined, refName), true));
  return countRows(wh, target);
}

/** What the calendar does not cover, reported as warnings with the fix. */
async function checkCoverage(ctx: RunContext, asOf: string): Promise<Pick<MartsResult, 'unmatchedCampaignCodes' | 'giftsOutsideCalendar'>> {
  const { wh, project } = ctx;
  const d = wh.dialect;
  const file = project.path('config/calendar.yaml');
  const [outside] = await wh.query(`SELECT COUNT(*) AS n FROM ${qualified(d, 'marts.gifts')} WHERE date_key IS NULL`);
  const giftsOutsideCalendar = Number(outside?.['n'] ?? 0);
  const { start, end } = project.calendar.date_range;
  if (giftsOutsideCalendar) ctx.log.warn(`${giftsOutsideCalendar} gift(s) fall outside dim_date (${start}..${end}) and have no fiscal year: widen date_range in ${file}`);
  if (asOf < start || asOf > end) ctx.log.warn(`the as-of date ${asOf} is outside dim_date (${start}..${end}): the fiscal-year marts are empty; widen date_range in ${file}`);
  const rows = await wh.query(`SELECT campaign_code FROM ${qualified(d, 'dimensions.dim_campaign')} WHERE campaign_type IS NULL ORDER BY campaign_code`);
  const unmatchedCampaignCodes = rows.map((r) => String(r['campaign_code']));
  if (unmatchedCampaignCodes.length) {
    const shown = unmatchedCampaignCodes.slice(0, 5).join(', ');
    ctx.log.warn(`${unmatchedCampaignCodes.length} campaign code(s) match no campaigns: entry (${shown}${unmatchedCampaignCodes.length > 5 ? ', …' : ''}): add a pattern to ${file} to give them a name, type and channel`);
  }
  return { unmatchedCampaignCodes, giftsOutsideCalendar };
}
