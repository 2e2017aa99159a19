// The date the dimensions, lifecycle stages and marts describe. An explicit date wins (--as-of),
// then cpm.yaml's `as_of`; otherwise the latest event date in the golden layer, capped at today:
// a warehouse loaded from exports that end on June 30 is "as of June 30", not as of a later
// clock reading that would show every member as lapsed.
import { qualified } from '../pipeline/meta-tables.js';
import type { RunContext } from '../pipeline/run-context.js';

export interface AsOf {
  date: string;
  source: 'option' | 'cpm.yaml' | 'latest event' | 'today';
}

/** @param events the engagement events to read: the aside view when golden is built and not yet published. */
export async function resolveAsOf(ctx: RunContext, explicit?: string, events = 'golden.engagement_events'): Promise<AsOf> {
  if (explicit) return { date: explicit, source: 'option' };
  if (ctx.project.config.as_of) return { date: ctx.project.config.as_of, source: 'cpm.yaml' };
  const today = new Date().toISOString().slice(0, 10);
  const d = ctx.wh.dialect;
  const [row] = await ctx.wh.query(
    `SELECT MAX(event_date) AS latest FROM ${qualified(d, events)} WHERE event_date <= ${d.cast(d.stringLiteral(today), 'date')}`,
  );
  const latest = row?.['latest'];
  return latest ? { date: String(latest), source: 'latest event' } : { date: today, source: 'today' };
}
