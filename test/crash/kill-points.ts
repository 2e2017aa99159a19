// Kill points, chosen from the trace of an uninterrupted run (CPM_FAULT_TRACE; see
// src/pipeline/fault-injection.ts). Each part of the pipeline gets a quota of points spread
// evenly over the statements it ran, so the points stay spread as the pipeline changes, plus a
// few landmarks: the bulk loads, the statement that commits the publish, a named point.

export interface TraceEntry {
  /** Statements run before it (for a point) or its own number (for a statement). */
  n: number;
  phase: string;
  kind: string; // execute | query | landFiles | point
  text: string;
}

export interface KillPoint {
  /** The value of CPM_FAULT_KILL_AT. */
  spec: string;
  /** Statements the uninterrupted run had run by then (orders the points). */
  at: number;
  /** Where, for the test output: part of the pipeline, step, statement. */
  name: string;
}

export function parseTrace(text: string): TraceEntry[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('KILL'))
    .map((l) => {
      const [n, phase, kind, ...rest] = l.split('\t');
      return { n: Number(n), phase: phase ?? '', kind: kind ?? '', text: rest.join('\t') };
    });
}

export interface Part {
  name: string;
  /** Statements of the part (by the step running them). */
  match: (e: TraceEntry) => boolean;
  count: number;
  /** Kill while the statement runs rather than just before it. */
  during?: boolean;
}

export const parts = {
  sessionStart: { name: 'session start (meta tables, run record)', match: (e: TraceEntry) => e.phase === 'session', count: 1 },
  extract: { name: 'extract (file discovery)', match: (e: TraceEntry) => /^ingest:.*:(extract|validate|transform)$/.test(e.phase), count: 1 },
  landing: { name: 'landing (bulk load into raw)', match: (e: TraceEntry) => e.kind === 'landFiles', count: 1, during: true },
  afterLanding: { name: 'load bookkeeping (quarantine, batch files, batch status)', match: (e: TraceEntry) => /^ingest:.*:load$/.test(e.phase) && e.kind !== 'landFiles', count: 1 },
  stage: { name: 'stage (raw -> staging models)', match: (e: TraceEntry) => e.phase.startsWith('stage:'), count: 2 },
  normalize: { name: 'resolve: normalize', match: (e: TraceEntry) => e.phase === 'resolve:normalize', count: 1 },
  score: { name: 'resolve: block and score', match: (e: TraceEntry) => /^resolve:(block|score)$/.test(e.phase), count: 1 },
  cluster: { name: 'resolve: cluster', match: (e: TraceEntry) => e.phase === 'resolve:cluster', count: 1 },
  stableIds: { name: 'resolve: stable ids', match: (e: TraceEntry) => e.phase === 'resolve:stable_ids', count: 1 },
  golden: { name: 'resolve: golden tables built aside', match: (e: TraceEntry) => e.phase === 'resolve:golden', count: 1 },
  marts: { name: 'marts built aside', match: (e: TraceEntry) => e.phase.startsWith('marts'), count: 1 },
  publish: { name: 'publish of golden, dimensions and marts', match: (e: TraceEntry) => e.phase === 'publish', count: 1 },
  metrics: { name: 'metrics', match: (e: TraceEntry) => e.phase === 'metrics', count: 1 },
  snapshot: { name: 'snapshot of the published state', match: (e: TraceEntry) => e.phase === 'snapshot', count: 1 },
  quality: { name: 'quality checks', match: (e: TraceEntry) => e.phase.startsWith('quality'), count: 1 },
} satisfies Record<string, Part>;

function excerpt(e: TraceEntry): string {
  return `${e.kind} ${e.text.slice(0, 70)}`;
}

/**
 * Points for the parts given (a part may be given with another count), plus landmarks: the kill
 * just before the publish of golden, dimensions and marts commits, the named point between load and watermark, and the
 * very last statement of the run.
 */
export function chooseKillPoints(trace: TraceEntry[], chosen: Part[], options: { runEnd: boolean }): KillPoint[] {
  const statements = trace.filter((e) => e.kind !== 'point');
  const points: KillPoint[] = [];
  let alternate = false;
  for (const part of chosen) {
    const mine = statements.filter(part.match);
    if (!mine.length) throw new Error(`the trace has no statement of "${part.name}": has the pipeline changed? (update test/crash/kill-points.ts)`);
    const picks = new Set(Array.from({ length: Math.min(part.count, mine.length) }, (_, i) => mine[Math.floor(((i + 0.5) * mine.length) / part.count)]!));
    for (const e of picks) {
      const during = part.during ?? (alternate = !alternate);
      points.push({ spec: `statement:${e.n}${during ? ':during' : ''}`, at: e.n, name: `${part.name}: #${e.n}${during ? ' (during)' : ''} in ${e.phase}: ${excerpt(e)}` });
    }
  }
  const commit = statements.find((e, i) => e.phase === 'publish' && /^COMMIT/i.test(e.text) && statements[i - 1]?.text !== 'BEGIN');
  if (commit) points.push({ spec: `statement:${commit.n}`, at: commit.n, name: `publish of golden, dimensions and marts, just before COMMIT: #${commit.n}` });
  const passes = trace.filter((e) => e.kind === 'point' && e.text.startsWith('between-load-and-watermark:'));
  const between = passes[Math.floor(passes.length / 2)];
  if (between) points.push({ spec: `point:${between.text}`, at: between.n + 0.5, name: `between load and watermark (named point ${between.text}, after #${between.n})` });
  const last = statements.at(-1)!;
  if (options.runEnd) points.push({ spec: `statement:${last.n}`, at: last.n, name: `run end, the last statement: #${last.n}: ${excerpt(last)}` });
  return points.sort((a, b) => a.at - b.at);
}
