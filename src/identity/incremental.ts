// Incremental resolution: after new batches (or review decisions) under unchanged rules, only
// what they can change is recomputed, and the result is the one a full resolution would give.
//
// 1. The new and changed person records are normalized and replace their old versions.
// 2. "Touched" records: every record that shares a block (of any rule) with a new or old version
//    of a changed record, plus records on a mailbox whose shared flag flipped and both records of
//    a new review decision. Pairs without a touched record are exactly as before (same records,
//    same blocks, same scores), so only pairs with one are blocked and scored again.
// 3. Clusters are recomputed around the touched records only (see reclusterAround).
// 4. Stable IDs are assigned as in a full run.
// 5. The golden rows of the constituents that changed, or whose records got new events that can
//    change them (engagement, gifts, plans; not the emails sent to them), are replaced in place
//    within the publish's transaction (copied aside on Spark: replaceLinksAndConstituents), so
//    readers see the previous version or the new one.
import type { IdentityFile } from '../config/identity-schema.js';
import type { Dialect } from '../dialect/dialect.js';
import { qualified } from '../pipeline/meta-tables.js';
import { inTextList } from '../pipeline/sql-values.js';
import type { RunContext } from '../pipeline/run-context.js';
import { extraIdentifierNames } from '../pipeline/staging/standard-shapes.js';
import { asideName, asideTable } from '../publish/publish-aside.js';
import { countRows } from '../warehouse/count-rows.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { buildCandidatePairs, candidatePairsTable } from './block.js';
import { reclusterAround } from './cluster.js';
import {
  buildSurvivors,
  clusterProfiles,
  constituentsSelect,
  engagedEvent,
  eventDrivenColumns,
  givingEventTypes,
  goldenPlan,
  linksSelect,
  profileRowsSelect,
  profileScratch,
  recordEventsSelect,
  reviewQueueSelect,
} from './golden.js';
import { loadParameters } from './fellegi-sunter.js';
import { firstNameColumns } from './name-rules.js';
import { reviewDecisionsTable } from './identity-tables.js';
import { normalizeStatements, recordsTable, sharedEmailsSelect, sharedEmailsTable } from './normalize.js';
import { scoreSelect } from './score.js';
import { conflictsSelect } from './survivorship.js';
import { assignStableIds, assignmentsTable, clustersTable, linksTable } from './stable-ids.js';

export interface IncrementalSince {
  /** Last batch the previous resolution saw. */
  batch: number;
  /** When it ran: review decisions from then on are new. */
  at: string;
}

const q = (d: Dialect, name: string) => d.quoteIdent(name);

/** A pair (rows of `t` with key_a, key_b) with a touched record. */
const touchesPair = (t: string) => `(${t}.key_a IN (SELECT record_key FROM cpm_touch) OR ${t}.key_b IN (SELECT record_key FROM cpm_touch))`;

/** Steps 1 and 2: new versions in identity.records, and the touched records in cpm_touch. */
export async function normalizeChanges(ctx: RunContext, config: IdentityFile, since: IncrementalSince): Promise<{ changed: number; touched: number }> {
  const { wh } = ctx;
  const d = wh.dialect;
  const records = qualified(d, recordsTable);
  const delta = d.table('identity', 'records_delta');
  for (const s of normalizeStatements(d, extraIdentifierNames(ctx.project.sources), { where: `p._batch_id > ${since.batch}`, target: 'identity.records_delta' })) await wh.execute(s);
  // Old versions first: their blocks lose a record. Only the columns that find the touched
  // records: reading every column of 1.4M records cost 0.45 s.
  const columns = [...new Set(['record_key', 'email', ...config.blocking.rules.flatMap((rule) => rule.keys)])].map((c) => q(d, c)).join(', ');
  await wh.execute(
    d.createTempTableAs(
      q(d, 'cpm_versions'),
      `SELECT ${columns} FROM ${records} WHERE record_key IN (SELECT record_key FROM ${delta}) UNION ALL SELECT ${columns} FROM ${delta}`,
    ),
  );
  await wh.execute(d.deleteWhere(records, `record_key IN (SELECT record_key FROM ${delta})`));
  await wh.execute(`INSERT INTO ${records} SELECT * FROM ${delta}`);
  // Only mailboxes of a changed record (old or new version) can change their shared flag.
  const shared = qualified(d, sharedEmailsTable);
  const emails = 'SELECT email FROM cpm_versions WHERE email IS NOT NULL';
  await wh.execute(d.createTempTableAs(q(d, 'cpm_shared_before'), `SELECT email FROM ${shared} WHERE email IN (${emails})`));
  await wh.execute(d.deleteWhere(shared, `email IN (${emails})`));
  // The records on those mailboxes once, with what tells their people apart: the select reads
  // them four times.
  await wh.execute(
    d.createTempTableAs(q(d, 'cpm_mailbox_records'), `SELECT record_key, email, ${firstNameColumns.join(', ')} FROM ${records} WHERE email IN (${emails})`),
  );
  await wh.execute(`INSERT INTO ${shared} ${sharedEmailsSelect(d, 'cpm_mailbox_records')}`);

  const mates = config.blocking.rules.map((rule) => {
    const on = rule.keys.map((k) => `r.${q(d, k)} = v.${q(d, k)}`).join(' AND ');
    return `SELECT r.record_key FROM ${records} AS r JOIN cpm_versions AS v ON ${on}`;
  });
  const flipped = `SELECT email FROM (SELECT email FROM cpm_shared_before UNION ALL SELECT email FROM ${shared} WHERE email IN (${emails})) AS x GROUP BY email HAVING COUNT(*) = 1`;
  const decided = qualified(d, reviewDecisionsTable);
  const newDecision = `decided_at >= CAST(${d.stringLiteral(since.at)} AS ${d.type('timestamp')})`;
  const touched = [
    'SELECT record_key FROM cpm_versions',
    ...mates,
    `SELECT r.record_key FROM ${records} AS r WHERE r.email IN (${flipped})`,
    `SELECT key_a FROM ${decided} WHERE ${newDecision}`,
    `SELECT key_b FROM ${decided} WHERE ${newDecision}`,
  ].join(' UNION ');
  await wh.execute(d.createTempTableAs(q(d, 'cpm_touch'), `SELECT record_key FROM (${touched}) AS t`));
  const changed = await countRows(wh, delta);
  for (const t of ['cpm_versions', 'cpm_shared_before', 'cpm_mailbox_records']) await wh.execute(d.dropTable(q(d, t)));
  await wh.execute(d.dropTable(delta));
  return { changed, touched: await countRows(wh, 'cpm_touch') };
}

/** Blocking and scoring of the pairs with a touched record, into cpm_scored_delta; the audit
 * "now" is the published one without those pairs, plus these. */
export async function scoreChanges(ctx: RunContext, config: IdentityFile): Promise<{ pairs: number; audit: string }> {
  const { wh } = ctx;
  const d = wh.dialect;
  const candidates = qualified(d, candidatePairsTable);
  await buildCandidatePairs(wh, config, { target: 'identity.candidate_pairs_delta', touching: 'cpm_touch' });
  const delta = d.table('identity', 'candidate_pairs_delta');
  await wh.execute(d.deleteWhere(candidates, touchesPair(candidates)));
  await wh.execute(`INSERT INTO ${candidates} SELECT * FROM ${delta}`);
  // Incremental runs keep the Fellegi-Sunter weights of the last full resolution.
  const params = config.model === 'fellegi_sunter' ? await loadParameters(wh) : undefined;
  await wh.execute(d.createTempTableAs(q(d, 'cpm_scored_delta'), scoreSelect(d, config, delta, ctx.runId, qualified(d, recordsTable), params)));
  await wh.execute(d.dropTable(delta));
  const audit = qualified(d, 'golden.match_audit');
  const now = `(SELECT * FROM ${audit} AS m WHERE NOT ${touchesPair('m')} UNION ALL SELECT * FROM cpm_scored_delta)`;
  return { pairs: await countRows(wh, 'cpm_scored_delta'), audit: now };
}

/** Step 3: clusters around the touched records; cpm_affected holds every record whose cluster was recomputed. */
export async function clusterChanges(wh: Warehouse, audit: string): Promise<{ rounds: number; affected: number }> {
  const d = wh.dialect;
  const clusters = qualified(d, clustersTable);
  const recomputed = d.table('identity', 'clusters_delta');
  const result = await reclusterAround(wh, {
    nodes: `SELECT record_key FROM ${qualified(d, recordsTable)}`,
    previous: clusters,
    seeds: 'SELECT record_key FROM cpm_touch',
    edges: `SELECT key_a, key_b FROM ${audit} AS s WHERE decision = 'match'`,
    target: recomputed,
    keepAffectedAs: 'cpm_affected',
    onlyAffected: true,
  });
  await wh.execute(d.deleteWhere(clusters, 'record_key IN (SELECT record_key FROM cpm_affected)'));
  await wh.execute(`INSERT INTO ${clusters} SELECT record_key, cluster_key FROM ${recomputed}`);
  await wh.execute(d.dropTable(recomputed));
  return result;
}

/**
 * Steps 4 and 5, up to the publish plan (`state` records the resolution with it). Constituents
 * in scope: those of affected records (before and after), and those whose records got events
 * since the last batch resolved that can change their golden record.
 */
export async function buildGoldenChanges(ctx: RunContext, config: IdentityFile, since: IncrementalSince, audit: string, now: string, state: string) {
  const { wh } = ctx;
  const d = wh.dialect;
  const links = qualified(d, linksTable);
  const assignments = qualified(d, assignmentsTable);
  const affected = 'SELECT record_key FROM cpm_affected';
  // By the key's columns: a join on the concatenated record key costs twice as much at 1M links.
  await wh.execute(d.createTableAs(stepFive(d, 'affected_sources'), `SELECT source_system, source_record_id FROM ${qualified(d, recordsTable)} WHERE record_key IN (${affected})`, true));
  await wh.execute(
    d.createTempTableAs(
      q(d, 'cpm_old_ids'),
      `SELECT DISTINCT l.constituent_id FROM ${links} AS l JOIN ${stepFive(d, 'affected_sources')} AS a ON a.source_system = l.source_system AND a.source_record_id = l.source_record_id`,
    ),
  );
  const ids = await assignStableIds(wh, ctx.runId, now, 'cpm_affected');
  // Events that can change a golden record: not, say, the emails sent (most of a day's events).
  const changesGolden = `(${engagedEvent(d, config)} OR ${inTextList(d, 'e.event_type', givingEventTypes)})`;
  // The batch's records first: joined straight to the assignments, DuckDB hashed all 1.4 million
  // of those rather than the batch's 46,000 records (a 0.23 s join against 0.05 at 1M people).
  await wh.execute(
    d.createTempTableAs(
      q(d, 'cpm_batch_records'),
      `SELECT DISTINCT e.source_system, e.source_record_id FROM ${qualified(d, 'staging.events')} AS e WHERE e._batch_id > ${since.batch} AND ${changesGolden}`,
    ),
  );
  const eventful = `SELECT DISTINCT a.constituent_id FROM cpm_batch_records AS e
    JOIN ${assignments} AS a ON a.source_system = e.source_system AND a.source_record_id = e.source_record_id`;
  await wh.execute(d.createTempTableAs(q(d, 'cpm_eventful'), eventful));
  await wh.execute(d.dropTable(q(d, 'cpm_batch_records')));
  await wh.execute(d.createTempTableAs(q(d, 'cpm_new_ids'), `SELECT DISTINCT constituent_id FROM ${assignments} WHERE record_key IN (${affected})`));
  // Clusters are recomputed whole, so the constituents of affected records before (cpm_old_ids)
  // are all the ones that can go, and those after all the ones that can come: counting the
  // clusters instead read all 1.4 million of them.
  const clusters = (await countRows(wh, qualified(d, 'golden.constituents'))) - (await countRows(wh, 'cpm_old_ids')) + (await countRows(wh, 'cpm_new_ids'));
  await wh.execute(d.createTempTableAs(q(d, 'cpm_scope'), 'SELECT constituent_id FROM cpm_new_ids UNION SELECT constituent_id FROM cpm_eventful'));
  const scope = 'SELECT constituent_id FROM cpm_scope';
  // Constituents whose records stay the same: only their event-driven columns can change.
  await wh.execute(
    d.createTableAs(
      stepFive(d, 'event_only'),
      'SELECT constituent_id FROM cpm_eventful WHERE constituent_id NOT IN (SELECT constituent_id FROM cpm_old_ids UNION SELECT constituent_id FROM cpm_new_ids)',
      true,
    ),
  );

  // Everything new is computed before the publish, which then only swaps, deletes and inserts.
  // The match edges of affected records, out of the audit in one pass (the links read it twice).
  await wh.execute(d.createTempTableAs(q(d, 'cpm_affected_edges'), `SELECT key_a, key_b, decision, match_type, confidence, deterministic_rule, decided_by FROM ${audit} AS m WHERE m.decision = 'match' AND (m.key_a IN (${affected}) OR m.key_b IN (${affected}))`));
  await wh.execute(d.createTableAs(stepFive(d, 'new_links'), linksSelect(d, config, now, 'cpm_affected_edges', affected), true));
  await wh.execute(d.createTempTableAs(q(d, 'cpm_record_events'), recordEventsSelect(d, config, scope)));
  await buildSurvivors(wh, config, scope);
  await wh.execute(d.createTempTableAs(q(d, 'cpm_previous_constituents'), `SELECT constituent_id, created_at, lifecycle_stage FROM ${qualified(d, 'golden.constituents')} WHERE constituent_id IN (${scope})`));
  await wh.execute(d.createTableAs(stepFive(d, 'new_constituents'), constituentsSelect(d, config, now, scope), true));
  await wh.execute(d.createTempTableAs(q(d, 'cpm_new_conflicts'), conflictsSelect(d, config, 'cpm_survivorship_candidates', 'cpm_survivors', ctx.runId)));
  const profiles = qualified(d, 'golden.profile_clusters');
  const oldProfile = (profile: string) => `(SELECT record_key, cluster_key FROM ${profiles} WHERE profile = ${d.stringLiteral(profile)})`;
  await clusterProfiles(wh, config, audit, oldProfile, () => 'SELECT record_key FROM cpm_touch', true);
  // A profile row changes when its cluster (recomputed in the scratch table) or its record's
  // constituent (an affected record) does.
  const changedKeys = (p: string) => `(SELECT record_key, cluster_key FROM ${profileScratch(d, p)}
    UNION ALL SELECT o.record_key, o.cluster_key FROM ${oldProfile(p)} AS o
      WHERE o.record_key IN (${affected}) AND o.record_key NOT IN (SELECT record_key FROM ${profileScratch(d, p)}))`;
  await wh.execute(d.createTempTableAs(q(d, 'cpm_new_profile_rows'), profileRowsSelect(d, config, changedKeys)));
  await wh.execute(d.createTempTableAs(q(d, 'cpm_new_review_queue'), reviewQueueSelect(d, config, 'cpm_scored_delta')));

  await wh.execute(d.createTableAs(stepFive(d, 'replaced_constituents'), `SELECT constituent_id FROM cpm_old_ids UNION ${scope}`, true));
  const gone = `SELECT constituent_id FROM ${stepFive(d, 'replaced_constituents')}`;
  const inPlace = [
    d.deleteWhere(qualified(d, 'golden.conflict_log'), `constituent_id IN (${gone})`),
    `INSERT INTO ${qualified(d, 'golden.conflict_log')} SELECT * FROM cpm_new_conflicts`,
    d.deleteWhere(qualified(d, 'golden.match_audit'), touchesPair(qualified(d, 'golden.match_audit'))),
    `INSERT INTO ${qualified(d, 'golden.match_audit')} SELECT * FROM cpm_scored_delta`,
    d.deleteWhere(qualified(d, 'golden.review_queue'), touchesPair(qualified(d, 'golden.review_queue'))),
    `INSERT INTO ${qualified(d, 'golden.review_queue')} SELECT * FROM cpm_new_review_queue`,
    d.deleteWhere(profiles, `EXISTS (SELECT 1 FROM cpm_new_profile_rows AS n WHERE n.profile = ${profiles}.profile AND n.record_key = ${profiles}.record_key)`),
    `INSERT INTO ${profiles} SELECT * FROM cpm_new_profile_rows`,
  ];
  const constituents = await countRows(wh, stepFive(d, 'new_constituents'));
  const temporary = ['cpm_touch', 'cpm_affected', 'cpm_affected_edges', 'cpm_scored_delta', 'cpm_old_ids', 'cpm_eventful', 'cpm_new_ids', 'cpm_scope', 'cpm_record_events', 'cpm_survivorship_candidates', 'cpm_survivors', 'cpm_previous_constituents', 'cpm_new_conflicts', 'cpm_new_profile_rows', 'cpm_new_review_queue'];
  const cleanup = [
    ...temporary.map((t) => d.dropTable(q(d, t))),
    ...stepFiveTables.map((t) => d.dropTable(stepFive(d, t))),
    ...Object.keys(config.profiles).map((p) => d.dropTable(profileScratch(d, p))),
  ];
  const replaced = await replaceLinksAndConstituents(wh, config);
  const plan = await goldenPlan(wh, replaced.tables, [...inPlace, ...replaced.before], cleanup, state, replaced.views);
  return { ids, constituentsRefreshed: constituents, clusters, plan };
}

/** Step 5's tables that the aside views read: real tables in the identity schema (a view cannot
 * read a temporary table on PostgreSQL), dropped after the publish. */
const stepFiveTables = ['affected_sources', 'new_links', 'new_constituents', 'replaced_constituents', 'event_only'] as const;
const stepFive = (d: Dialect, name: (typeof stepFiveTables)[number]) => d.table('identity', `golden_${name}`);
/** Published tables that step 5 changes in place where the engine has multi-table transactions. */
const changedInPlace = ['constituent_source_links', 'constituents'];

/**
 * Step 5 for the two tables the marts read: the links of the affected records and the
 * constituents in scope are replaced. Where the engine has multi-table transactions they change
 * in place: the publish changes them within its transaction and, until then, aside views show
 * them as they will be, for the marts and checks that read the aside names. Copying them aside
 * instead (1.4 million links, 750,000 constituents at 1M people) cost more than the whole rest of
 * the step. A batch of a few days' events reaches about 6% of the constituents with no change
 * to their records: only their event-driven columns are updated (a MERGE of those columns);
 * the others are deleted and inserted. In DuckDB both rewrite every row group they touch at the
 * checkpoint, but fewer columns cost less (1.4 s against 2.8 s for the copy at 1M people). On
 * Spark (one commit per table) both are copied aside.
 */
async function replaceLinksAndConstituents(wh: Warehouse, config: IdentityFile): Promise<{ tables: string[]; views: string[]; before: string[] }> {
  const d = wh.dialect;
  const keep = (table: string, replaced: string) => `SELECT * FROM ${qualified(d, table)} AS t WHERE NOT ${replaced}`;
  const among = (name: (typeof stepFiveTables)[number], t: string) => `EXISTS (SELECT 1 FROM ${stepFive(d, name)} AS x WHERE x.constituent_id = ${t}.constituent_id)`;
  const newConstituents = stepFive(d, 'new_constituents');
  const constituentsNow = `${keep('golden.constituents', among('replaced_constituents', 't'))} UNION ALL SELECT * FROM ${newConstituents}`;
  const links = qualified(d, linksTable);
  const replacedLink = (t: string) => `EXISTS (SELECT 1 FROM ${stepFive(d, 'affected_sources')} AS a WHERE a.source_system = ${t}.source_system AND a.source_record_id = ${t}.source_record_id)`;
  const linksNow = `${keep(linksTable, replacedLink('t'))} UNION ALL SELECT * FROM ${stepFive(d, 'new_links')}`;
  if (!d.capabilities.supportsMultiTableTransactions) {
    await wh.execute(d.createTableAs(asideTable(d, 'golden.constituents'), constituentsNow, true));
    await wh.execute(d.createTableAs(asideTable(d, linksTable), linksNow, true));
    return { tables: ['constituent_source_links', 'constituents'], views: [], before: [] };
  }
  await wh.execute(d.createView(asideTable(d, linksTable), linksNow));
  await wh.execute(d.createView(asideTable(d, 'golden.constituents'), constituentsNow));
  const constituents = qualified(d, 'golden.constituents');
  const columns = eventDrivenColumns(config);
  const before = [
    d.deleteWhere(links, replacedLink(links)),
    `INSERT INTO ${links} SELECT * FROM ${stepFive(d, 'new_links')}`,
    d.deleteWhere(constituents, `${among('replaced_constituents', constituents)} AND NOT ${among('event_only', constituents)}`),
    `INSERT INTO ${constituents} SELECT * FROM ${newConstituents} AS n WHERE NOT ${among('event_only', 'n')}`,
    // A row whose values stay the same is not written (and keeps its updated_at).
    d.merge({
      target: constituents,
      source: `SELECT * FROM ${newConstituents} AS n WHERE ${among('event_only', 'n')}`,
      keys: ['constituent_id'],
      columns: ['constituent_id', ...columns, 'updated_at'],
      updateWhen: columns.map((c) => `t.${c} IS DISTINCT FROM s.${c}`).join(' OR '),
    }),
  ];
  return { tables: [], views: changedInPlace, before };
}

/** What step 5 leaves when a resolution stops before its publish (interrupted-resolution.ts):
 * its tables and, where they were made, the aside views (a full resolution builds tables under
 * those names, which the views would be in the way of). */
export async function dropStepFiveLeftovers(wh: Warehouse): Promise<void> {
  const d = wh.dialect;
  if (d.capabilities.supportsMultiTableTransactions) {
    // First the aside engagement view, which reads it (PostgreSQL refuses to drop a view others read).
    await wh.execute(d.dropView(asideTable(d, 'golden.engagement_events')));
    for (const name of changedInPlace) {
      const aside = asideName(name);
      const [row] = await wh.query(
        `SELECT COUNT(*) AS n FROM information_schema.tables WHERE UPPER(table_schema) = 'GOLDEN' AND UPPER(table_name) = UPPER(${d.stringLiteral(aside)}) AND table_type = 'VIEW'`,
      );
      if (Number(row?.['n'] ?? 0) > 0) await wh.execute(d.dropView(d.table('golden', aside)));
    }
  }
  for (const t of stepFiveTables) await wh.execute(d.dropTable(stepFive(d, t)));
}
