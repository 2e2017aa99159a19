// The golden layer. A full run builds it beside the published tables (golden.<name>__next); the
// publish plan puts them in place at once, with the marts when `cpm run` builds those too, so a
// reader sees the previous version or the new one, never half. The select builders here take an
// optional scope for incremental runs.
import type { IdentityFile } from '../config/identity-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { inTextList } from '../pipeline/sql-values.js';
import { asideTable, type PublishPlan } from '../publish/publish-aside.js';
import { countRows } from '../warehouse/count-rows.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { reclusterAround } from './cluster.js';
import { recordsTable } from './normalize.js';
import { contributionColumn, featureColumn, scoredPairsTable, scoringFeatures } from './score.js';
import { assignmentsTable, clustersTable, linksTable } from './stable-ids.js';
import { dataQualityScoreSql } from './data-quality-score.js';
import { canonicalFieldsSelect, conflictsSelect, engagementRankedColumns, survivorsSelect } from './survivorship.js';

export const goldenTables = ['constituent_source_links', 'constituents', 'match_audit', 'review_queue', 'conflict_log', 'profile_clusters'] as const;

const next = (d: Dialect, name: string) => asideTable(d, { schema: 'golden', name });

/**
 * The links: each record's constituent, and how it got there (its strongest match edge).
 * `scored` is the match audit to read edges from; `records` optionally limits the records (a
 * join, not IN: DuckDB applies an IN after the left joins, over every record).
 */
export function linksSelect(d: Dialect, config: IdentityFile, now: string, scored: string, records?: string): string {
  const only = (key: string) => (records ? ` AND m.${key} IN (${records})` : '');
  const edges = `SELECT key_a AS record_key, match_type, confidence, deterministic_rule, decided_by FROM ${scored} AS m WHERE decision = 'match'${only('key_a')}
    UNION ALL SELECT key_b, match_type, confidence, deterministic_rule, decided_by FROM ${scored} AS m WHERE decision = 'match'${only('key_b')}`;
  const best = `SELECT record_key, match_type, confidence, deterministic_rule, decided_by,
      ${d.rowNumber(['record_key'], ["CASE WHEN decided_by IS NOT NULL THEN 0 WHEN match_type = 'deterministic' THEN 1 ELSE 2 END", 'confidence DESC'])} AS strongest
    FROM (${edges}) AS e`;
  const prev = qualified(d, linksTable);
  const ts = `CAST(${d.stringLiteral(now)} AS ${d.type('timestamp')})`;
  return `
    SELECT ${d.uuidFromText(d.concat(["'link:'", 'r.record_key']))} AS link_id, a.constituent_id, r.source_system, r.source_record_id,
      CASE WHEN b.decided_by IS NOT NULL THEN 'manual' WHEN b.match_type IS NULL THEN 'unmatched' ELSE b.match_type END AS match_type,
      CASE WHEN b.decided_by IS NOT NULL THEN 1.0 ELSE b.confidence END AS match_confidence,
      CASE WHEN b.decided_by IS NOT NULL THEN 'review' WHEN b.match_type = 'deterministic' THEN b.deterministic_rule WHEN b.match_type IS NOT NULL THEN 'weighted' END AS match_rule,
      CASE WHEN p.constituent_id = a.constituent_id THEN p.matched_at ELSE ${ts} END AS matched_at,
      ${d.stringLiteral(config.rule_version)} AS match_rule_version
    FROM ${qualified(d, recordsTable)} AS r
    JOIN ${qualified(d, assignmentsTable)} AS a ON a.record_key = r.record_key
    ${records ? `JOIN (SELECT DISTINCT record_key FROM (${records}) AS x) AS f ON f.record_key = r.record_key` : ''}
    LEFT JOIN (${best}) AS b ON b.record_key = r.record_key AND b.strongest = 1
    LEFT JOIN ${prev} AS p ON p.source_system = r.source_system AND p.source_record_id = r.source_record_id`;
}

/** One row per linked record with what survivorship compares (of the constituents given). */
export function candidatesSelect(d: Dialect, constituents?: string): string {
  return `
    SELECT a.constituent_id, r.record_key, r.updated_at, r.phone_type, e.last_engaged_at,
      CASE WHEN r.email IS NOT NULL THEN LOWER(TRIM(p.email)) END AS email_value, r.email AS email_key,
      TRIM(p.first_name) AS first_name_value, TRIM(p.middle_name) AS middle_name_value, TRIM(p.last_name) AS last_name_value,
      ${d.concat(["COALESCE(r.first_name_canonical, '')", "' '", "COALESCE(r.last_name, '')"])} AS name_key,
      TRIM(p.address_line1) AS address_line1_value, TRIM(p.address_line2) AS address_line2_value, TRIM(p.city) AS city_value,
      UPPER(TRIM(p.state)) AS state_value, r.zip5 AS zip_value, COALESCE(TRIM(p.country), 'USA') AS country_value,
      ${d.concat(["COALESCE(r.address, '')", "' '", "COALESCE(r.unit, '')", "' '", "COALESCE(r.zip5, '')"])} AS address_key,
      r.phone AS phone_value
    FROM ${constituents ? `(SELECT * FROM ${qualified(d, assignmentsTable)} WHERE constituent_id IN (${constituents}))` : qualified(d, assignmentsTable)} AS a
    JOIN ${qualified(d, recordsTable)} AS r ON r.record_key = a.record_key
    JOIN ${qualified(d, 'staging.person_records')} AS p ON p.source_system = r.source_system AND p.source_record_id = r.source_record_id
    LEFT JOIN cpm_record_events AS e ON e.source_system = r.source_system AND e.source_record_id = r.source_record_id`;
}

/**
 * golden.engagement_events: every event of every linked record, through the published links. A
 * view: its rows are staging's, so publishing it costs nothing and it is never behind staging
 * for records already resolved; its IDs and JSON are computed only when a query reads them.
 */
export function engagementEventsView(d: Dialect, links = d.table('golden', 'constituent_source_links')): string {
  return `
    SELECT ${d.uuidFromText(d.concat(["'event:'", 'e.source_system', "':'", 'e.event_id']))} AS event_id, l.constituent_id,
      e.event_type, e.event_date, e.event_timestamp, e.source_system, e.source_stream, e.source_record_id, e.source_event_id,
      ${d.jsonObject([
        ['status', 'e.event_status'],
        ['channel', 'e.channel'],
        ['product', 'e.product'],
        ['amount', 'e.amount'],
      ])} AS event_attributes,
      CASE WHEN e.event_type = 'donation' THEN e.amount END AS donation_amount,
      e.donation_type, e.campaign_code, e.event_status, e.amount
    FROM ${qualified(d, 'staging.events')} AS e
    JOIN ${links} AS l ON l.source_system = e.source_system AND l.source_record_id = e.source_record_id`;
}

/** An event the constituent did, not one done to them (identity.yaml `engagement`): only those set
 * the engagement dates and the most recently engaged record. An event without a type counts. */
export function engagedEvent(d: Dialect, config: IdentityFile, e = 'e'): string {
  return `NOT (${inTextList(d, `COALESCE(${e}.event_type, '')`, config.engagement.not_engagement)})`;
}

const donationEvent = 'donation';
const planStartEvent = 'recurring_start';
/** Event types that change a golden record besides engagement: gifts and sustaining plans (what
 * recordEventsSelect and constituentsSelect read). */
export const givingEventTypes = [donationEvent, planStartEvent];

/** What the golden record needs from each source record's events, in one pass over them (the
 * records of the constituents given). Declined and refunded gifts are not giving. */
export function recordEventsSelect(d: Dialect, config: IdentityFile, constituents?: string): string {
  const posted = `e.event_type = ${d.stringLiteral(donationEvent)} AND COALESCE(e.event_status, 'posted') = 'posted'`;
  const engaged = engagedEvent(d, config);
  return `
    SELECT e.source_system, e.source_record_id, MIN(CASE WHEN ${engaged} THEN e.event_date END) AS first_date,
      MAX(CASE WHEN ${engaged} THEN e.event_date END) AS last_date,
      MAX(CASE WHEN ${engaged} THEN e.event_timestamp END) AS last_engaged_at,
      SUM(CASE WHEN ${posted} THEN e.amount END) AS gift_total,
      SUM(CASE WHEN ${posted} THEN 1 ELSE 0 END) AS gift_count,
      MAX(CASE WHEN ${posted} THEN e.amount END) AS gift_largest
    FROM ${qualified(d, 'staging.events')} AS e
    ${constituents ? `JOIN (SELECT source_system, source_record_id FROM ${qualified(d, assignmentsTable)} WHERE constituent_id IN (${constituents})) AS s ON s.source_system = e.source_system AND s.source_record_id = e.source_record_id` : ''}
    WHERE ${engaged} OR ${posted}
    GROUP BY e.source_system, e.source_record_id`;
}

/** The columns of a golden record that new events of its records can change while its records
 * stay the same (see constituentsSelect): the rest need a change of records. */
export function eventDrivenColumns(config: IdentityFile): string[] {
  const engagement = ['first_engagement_date', 'last_engagement_date', 'total_lifetime_giving', 'total_gift_count', 'largest_single_gift', 'average_gift_amount'];
  const plan = ['is_sustainer', 'recurring_amount', 'recurring_frequency', 'recurring_start_date'];
  const canonical = engagementRankedColumns(config);
  return [...canonical, ...engagement, ...plan, ...(canonical.length ? ['data_quality_score'] : [])];
}

/** What survivorship reads, for the constituents given (all by default): their records
 * (cpm_survivorship_candidates) and the record each field group survives from (cpm_survivors),
 * which the golden records and the conflict log share. Needs cpm_record_events. */
export async function buildSurvivors(wh: Warehouse, config: IdentityFile, constituents?: string): Promise<void> {
  const d = wh.dialect;
  await wh.execute(d.createTempTableAs(d.quoteIdent('cpm_survivorship_candidates'), candidatesSelect(d, constituents)));
  await wh.execute(d.createTempTableAs(d.quoteIdent('cpm_survivors'), survivorsSelect(d, config, 'cpm_survivorship_candidates')));
}

/** Golden records of the constituents given (all by default), from what buildSurvivors and the
 * per-record event summary hold for them. */
export function constituentsSelect(d: Dialect, config: IdentityFile, now: string, constituents?: string): string {
  const ts = `CAST(${d.stringLiteral(now)} AS ${d.type('timestamp')})`;
  const assignments = qualified(d, assignmentsTable);
  const summary = `SELECT a.constituent_id, MIN(r.first_date) AS first_engagement_date, MAX(r.last_date) AS last_engagement_date,
      SUM(r.gift_total) AS total, SUM(r.gift_count) AS n, MAX(r.gift_largest) AS largest
    FROM cpm_record_events AS r JOIN ${assignments} AS a ON a.source_system = r.source_system AND a.source_record_id = r.source_record_id
    GROUP BY a.constituent_id`;
  // The latest plan a constituent started says whether they are a sustainer now.
  const scoped = constituents ? `(SELECT * FROM ${assignments} WHERE constituent_id IN (${constituents}))` : assignments;
  const plans = `SELECT a.constituent_id, e.amount, e.product, e.event_status, e.event_date,
      ${d.rowNumber(['a.constituent_id'], ['e.event_date DESC', 'e.event_id'])} AS latest
    FROM ${qualified(d, 'staging.events')} AS e JOIN ${scoped} AS a ON a.source_system = e.source_system AND a.source_record_id = e.source_record_id
    WHERE e.event_type = ${d.stringLiteral(planStartEvent)}`;
  const active = "pl.event_status = 'active'";
  return `
    SELECT f.*,
      -- Computed by the marts step (src/marts/); kept from the last build until it runs again.
      old.lifecycle_stage,
      s.first_engagement_date, s.last_engagement_date,
      ${d.cast('COALESCE(s.total, 0)', 'decimal')} AS total_lifetime_giving,
      COALESCE(s.n, 0) AS total_gift_count,
      ${d.cast('s.largest', 'decimal')} AS largest_single_gift,
      ${d.cast('CASE WHEN s.n > 0 THEN s.total / s.n END', 'decimal')} AS average_gift_amount,
      CASE WHEN ${active} THEN TRUE ELSE FALSE END AS is_sustainer,
      CASE WHEN ${active} THEN ${d.cast('pl.amount', 'decimal')} END AS recurring_amount,
      CASE WHEN ${active} THEN pl.product END AS recurring_frequency,
      CASE WHEN ${active} THEN pl.event_date END AS recurring_start_date,
      CAST(NULL AS ${d.type('decimal')}) AS churn_risk_score,
      CAST(NULL AS ${d.type('decimal')}) AS upgrade_propensity,
      CAST(NULL AS ${d.type('text')}) AS estimated_capacity,
      COALESCE(old.created_at, ${ts}) AS created_at,
      ${ts} AS updated_at,
      ${dataQualityScoreSql(d)} AS data_quality_score,
      l.source_records
    FROM (${canonicalFieldsSelect('cpm_survivorship_candidates', 'cpm_survivors')}) AS f
    JOIN (SELECT a.constituent_id, COUNT(*) AS source_records FROM ${scoped} AS a GROUP BY a.constituent_id) AS l ON l.constituent_id = f.constituent_id
    LEFT JOIN (${summary}) AS s ON s.constituent_id = f.constituent_id
    LEFT JOIN (${plans}) AS pl ON pl.constituent_id = f.constituent_id AND pl.latest = 1
    LEFT JOIN cpm_previous_constituents AS old ON old.constituent_id = f.constituent_id`;
}

/** Pairs of the audit waiting for people, with their evidence as JSON (feature: similarity and contribution). */
export function reviewQueueSelect(d: Dialect, config: IdentityFile, audit: string): string {
  const features = scoringFeatures(config);
  const evidence = d.jsonObject(
    features.flatMap((f): [string, string][] => [
      [f.name, `s.${d.quoteIdent(featureColumn(f))}`],
      [`${f.name}_contribution`, `s.${d.quoteIdent(contributionColumn(f))}`],
    ]),
  );
  return `SELECT s.pair_id, s.key_a, s.key_b, s.confidence, ${evidence} AS evidence, s.blocking_rule, s.hold, 'open' AS status
    FROM ${audit} AS s WHERE s.classification = 'review' AND s.decided_by IS NULL`;
}

/** An edge of a profile: a human decision binds; otherwise any unvetoed pair at or above its cut. */
function profileEdge(auto: number): string {
  return `CASE WHEN s.decided_by IS NOT NULL THEN s.decision = 'match' ELSE s.veto IS NULL AND s.hold IS NULL AND s.confidence >= ${auto} END`;
}

export interface GoldenCounts {
  constituents: number;
  links: number;
  reviewQueue: number;
  conflicts: number;
}

/**
 * Builds every golden table aside (golden.<name>__next) from the resolved identity tables; the
 * plan puts them in place (src/publish/publish-aside.ts). `state` is the statement recording the
 * resolution, published with the tables.
 */
export async function buildGoldenAside(wh: Warehouse, config: IdentityFile, runId: string, now: string, state: string): Promise<PublishPlan> {
  const d = wh.dialect;
  const q = (n: string) => d.quoteIdent(n);
  const hasPrevious = await wh.tableExists({ schema: 'golden', name: 'constituents' });
  await wh.execute(
    d.createTempTableAs(
      q('cpm_previous_constituents'),
      hasPrevious
        ? `SELECT constituent_id, created_at, lifecycle_stage FROM ${qualified(d, 'golden.constituents')}`
        : `SELECT CAST(NULL AS ${d.type('text')}) AS constituent_id, CAST(NULL AS ${d.type('timestamp')}) AS created_at, CAST(NULL AS ${d.type('text')}) AS lifecycle_stage WHERE 1 = 0`,
    ),
  );
  const scored = qualified(d, scoredPairsTable);
  await wh.execute(d.createTableAs(next(d, 'constituent_source_links'), linksSelect(d, config, now, scored), true));
  await wh.execute(d.createTempTableAs(q('cpm_record_events'), recordEventsSelect(d, config)));
  await buildSurvivors(wh, config);
  await wh.execute(d.createTableAs(next(d, 'constituents'), constituentsSelect(d, config, now), true));
  await wh.execute(d.createTableAs(next(d, 'conflict_log'), conflictsSelect(d, config, 'cpm_survivorship_candidates', 'cpm_survivors', runId), true));
  await wh.execute(d.createTableAs(next(d, 'review_queue'), reviewQueueSelect(d, config, scored), true));
  await buildProfileClusters(wh, config);
  for (const t of ['cpm_previous_constituents', 'cpm_survivorship_candidates', 'cpm_survivors', 'cpm_record_events']) await wh.execute(d.dropTable(q(t)));
  return goldenPlan(wh, goldenTables, [], [], state);
}

/**
 * The publish of golden tables built aside (`tables`) and changed in place (`before`; `asideViews`
 * are views already made under the aside names of tables changed so, showing them as they will
 * be), with the engagement view: an aside one over the new links, for the marts built before the
 * publish, and the published one, made again after the links are put in place.
 */
export async function goldenPlan(wh: Warehouse, tables: readonly string[], before: string[], cleanup: string[], state: string, asideViews: readonly string[] = []): Promise<PublishPlan> {
  const d = wh.dialect;
  await wh.execute(d.createView(next(d, 'engagement_events'), engagementEventsView(d, next(d, 'constituent_source_links'))));
  return {
    tables: tables.map((name) => ({ schema: 'golden', name })),
    views: ['engagement_events', ...asideViews].map((name) => ({ schema: 'golden', name })),
    before,
    after: [d.createView(d.table('golden', 'engagement_events'), engagementEventsView(d)), state],
    cleanup,
  };
}

export async function goldenCounts(wh: Warehouse): Promise<GoldenCounts> {
  const count = (t: string) => countRows(wh, qualified(wh.dialect, t));
  return {
    constituents: await count('golden.constituents'),
    links: await count('golden.constituent_source_links'),
    reviewQueue: await count('golden.review_queue'),
    conflicts: await count('golden.conflict_log'),
  };
}

/** Where a profile's clusters are worked out: identity.profile_<name>_clusters (record_key, cluster_key). */
export const profileScratch = (d: Dialect, profile: string) => d.table('identity', `profile_${profile}_clusters`);

/**
 * Each profile's own clustering of the scored pairs in `scored`, into its scratch table. Only
 * clusters around `seeds(edge)` are recomputed from `previous(profile)`; the rest keep theirs.
 */
export async function clusterProfiles(
  wh: Warehouse,
  config: IdentityFile,
  scored: string,
  previous: (profile: string) => string,
  seeds: (edge: string) => string,
  onlyAffected = false,
): Promise<void> {
  const d = wh.dialect;
  for (const [profile, { auto }] of Object.entries(config.profiles)) {
    const edge = profileEdge(auto);
    await reclusterAround(wh, {
      nodes: `SELECT record_key FROM ${qualified(d, recordsTable)}`,
      previous: previous(profile),
      seeds: seeds(edge),
      edges: `SELECT key_a, key_b FROM ${scored} AS s WHERE ${edge}`,
      target: profileScratch(d, profile),
      onlyAffected,
    });
  }
}

/** Rows of golden.profile_clusters from each profile's (record_key, cluster_key): its scratch table by default. */
export function profileRowsSelect(d: Dialect, config: IdentityFile, clusterKeys: (profile: string) => string = (p) => profileScratch(d, p)): string {
  const parts = Object.entries(config.profiles).map(
    ([profile, { auto }]) => `SELECT ${d.stringLiteral(profile)} AS profile, ${auto} AS threshold, c.record_key, a.source_system, a.source_record_id,
        c.cluster_key, ${d.uuidFromText(d.concat([d.stringLiteral(`${profile}:`), 'c.cluster_key']))} AS cluster_id, a.constituent_id
      FROM ${clusterKeys(profile)} AS c JOIN ${qualified(d, assignmentsTable)} AS a ON a.record_key = c.record_key`,
  );
  const text = (c: string) => `CAST(NULL AS ${d.type('text')}) AS ${c}`;
  const empty = `SELECT ${text('profile')}, CAST(NULL AS ${d.type('double')}) AS threshold, ${['record_key', 'source_system', 'source_record_id', 'cluster_key', 'cluster_id', 'constituent_id'].map(text).join(', ')} WHERE 1 = 0`;
  return parts.length ? parts.join('\nUNION ALL\n') : empty;
}

/** Each profile's own clustering of the same scored pairs, beside the default constituent.
 * Only clusters around pairs on which the profile's cut and the default disagree are recomputed. */
async function buildProfileClusters(wh: Warehouse, config: IdentityFile): Promise<void> {
  const d = wh.dialect;
  const scored = qualified(d, scoredPairsTable);
  const disagree = (edge: string) => `SELECT key_a AS record_key FROM ${scored} AS s WHERE (${edge}) <> (decision = 'match')
      UNION SELECT key_b FROM ${scored} AS s WHERE (${edge}) <> (decision = 'match')`;
  await clusterProfiles(wh, config, scored, () => qualified(d, clustersTable), disagree);
  await wh.execute(d.createTableAs(next(d, 'profile_clusters'), profileRowsSelect(d, config), true));
  for (const profile of Object.keys(config.profiles)) await wh.execute(d.dropTable(profileScratch(d, profile)));
}

/** Re-creates golden.engagement_events when it is missing: on PostgreSQL, a change of the shape of
 * staging.events drops the views built on it. */
export async function ensureEngagementView(wh: Warehouse): Promise<void> {
  const d = wh.dialect;
  if (await wh.tableExists({ schema: 'golden', name: 'engagement_events' })) return;
  if (!(await wh.tableExists({ schema: 'golden', name: 'constituent_source_links' }))) return;
  await wh.execute(d.createView(d.table('golden', 'engagement_events'), engagementEventsView(d)));
}
