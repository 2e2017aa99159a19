// Tables of identity resolution that outlive a run: human review decisions and the ID history
// are appended to, never rebuilt; the links table must exist (empty) before the first run,
// because stable IDs are read from the previous links.
import type { LogicalType } from '../dialect/dialect.js';
import { createTableSql } from '../pipeline/meta-tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';

type Columns = [name: string, type: LogicalType][];

export const reviewDecisionsTable = 'golden.review_decisions';

export const linkColumns: Columns = [
  ['link_id', 'text'],
  ['constituent_id', 'text'],
  ['source_system', 'text'],
  ['source_record_id', 'text'],
  ['match_type', 'text'], // deterministic | probabilistic | manual | unmatched
  ['match_confidence', 'double'],
  ['match_rule', 'text'],
  ['matched_at', 'timestamp'],
  ['match_rule_version', 'text'],
];

const persistentTables: Record<string, Columns> = {
  'golden.review_decisions': [
    ['key_a', 'text'],
    ['key_b', 'text'],
    ['decision', 'text'], // match | no_match
    ['decided_by', 'text'],
    ['decided_at', 'timestamp'],
    ['note', 'text'],
  ],
  'golden.constituent_id_history': [
    ['old_constituent_id', 'text'],
    ['new_constituent_id', 'text'],
    ['change_type', 'text'], // merge | split
    ['records_moved', 'bigint'],
    ['run_id', 'text'],
    ['changed_at', 'timestamp'],
  ],
  'golden.constituent_source_links': linkColumns,
  // Rebuilt by each resolution; exists from the start so `identity explain` works before one.
  'identity.shared_emails': [['email', 'text']],
};

export async function ensureIdentityTables(wh: Warehouse): Promise<void> {
  const d = wh.dialect;
  for (const s of ['identity', 'golden']) await wh.execute(d.createSchema(s));
  for (const [name, cols] of Object.entries(persistentTables)) await wh.execute(createTableSql(d, name, cols));
}
