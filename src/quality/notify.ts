// The notification hook: an HTTP POST of a JSON summary when checks fail (or warn), retried with
// exponential backoff on network errors, timeouts, 429 and 5xx. A notification that cannot be
// delivered is logged and recorded in meta.audit_log; it never fails the run it reports on.
import type { NotifyConfig } from '../config/quality-schema.js';
import { withRetry } from '../connectors/retry.js';
import { audit } from '../lineage/audit-log.js';
import type { RunContext } from '../pipeline/run-context.js';
import type { CheckResult, QualityCounts } from './results.js';

export interface NotifyOutcome {
  delivered: boolean;
  /** The endpoint's origin only: paths of webhook URLs often carry a secret. */
  endpoint: string;
  attempts: number;
  status: number | null;
  error: string | null;
}

export interface NotificationBody {
  project: string;
  run_id: string;
  checked_at: string;
  status: 'fail' | 'warn';
  blocked_publish: boolean;
  counts: QualityCounts;
  failed_checks: ReturnType<typeof checkSummary>[];
  warned_checks: ReturnType<typeof checkSummary>[];
}

function checkSummary(r: CheckResult) {
  return { table: r.table, layer: r.layer, check: r.name, type: r.kind, column: r.column, outcome: r.outcome, measured: r.measured, measured_percent: r.percent, warn_threshold: r.warn, fail_threshold: r.fail, detail: r.detail };
}

export function shouldNotify(config: NotifyConfig, counts: QualityCounts): boolean {
  return counts.fail > 0 || (config.on === 'warn' && counts.warn > 0);
}

export function notificationBody(project: string, runId: string, at: string, results: readonly CheckResult[], counts: QualityCounts, blocked: boolean): NotificationBody {
  return {
    project,
    run_id: runId,
    checked_at: at,
    status: counts.fail > 0 ? 'fail' : 'warn',
    blocked_publish: blocked,
    counts,
    failed_checks: results.filter((r) => r.outcome === 'fail').map(checkSummary),
    warned_checks: results.filter((r) => r.outcome === 'warn').map(checkSummary),
  };
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** Worth another attempt: the network, a timeout, or the server saying "later". */
function isTransient(e: unknown): boolean {
  if (e instanceof HttpStatusError) return e.status >= 500 || e.status === 429 || e.status === 408;
  return true;
}

function describe(e: unknown): string {
  if (e instanceof HttpStatusError) return e.message;
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

export async function postJson(url: string, body: unknown, config: Pick<NotifyConfig, 'retries' | 'backoff_ms' | 'timeout_ms'>, onRetry?: (attempt: number, delayMs: number, why: string) => void): Promise<NotifyOutcome> {
  let attempts = 0;
  let status: number | null = null;
  const endpoint = new URL(url).origin;
  try {
    await withRetry(
      async () => {
        attempts++;
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'cpm-unify' }, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeout_ms) });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined); // free the connection
        if (!res.ok) throw new HttpStatusError(res.status);
      },
      { attempts: config.retries + 1, baseDelayMs: config.backoff_ms, maxDelayMs: config.backoff_ms * 2 ** Math.max(0, config.retries - 1), isTransient, onRetry: (n, ms, e) => onRetry?.(n, ms, describe(e)) },
    );
    return { delivered: true, endpoint, attempts, status, error: null };
  } catch (e) {
    return { delivered: false, endpoint, attempts, status, error: describe(e) };
  }
}

/** Sends the summary when the configuration asks for it; records the attempt in meta.audit_log. */
export async function notifyQuality(ctx: RunContext, config: NotifyConfig | undefined, body: NotificationBody): Promise<NotifyOutcome | undefined> {
  if (!config || !shouldNotify(config, body.counts)) return undefined;
  const outcome = await postJson(config.url, body, config, (n, ms, why) => ctx.log.warn(`quality notification to ${new URL(config.url).origin}: attempt ${n} failed (${why}); retrying in ${ms} ms`));
  if (outcome.delivered) ctx.log.info(`quality notification sent to ${outcome.endpoint} (${body.counts.fail} failed, ${body.counts.warn} warned)`);
  else ctx.log.warn(`quality notification to ${outcome.endpoint} was not delivered after ${outcome.attempts} attempt(s): ${outcome.error}`);
  await audit(ctx.wh, { runId: ctx.runId, action: 'quality_notify', detail: { ...outcome, status_sent: body.status, failed: body.counts.fail, warned: body.counts.warn } });
  return outcome;
}
