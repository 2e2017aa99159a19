// Retry with exponential backoff for transient failures only. A permanent failure (bad config,
// missing file, malformed data) is thrown at once: retrying it would only delay the message.

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  isTransient: (error: unknown) => boolean;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultRetry: Omit<RetryOptions, 'isTransient'> = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.isTransient(error)) throw error;
      const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      options.onRetry?.(attempt, delay, error);
      await sleep(delay);
    }
  }
}

// Errors an operating system or a database server reports when trying again may help.
const transientCodes = new Set([
  'EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

export function isTransientError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && transientCodes.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  // DuckDB reports lock contention and write-write conflicts in the message only.
  return /Could not set lock on file|Conflicting lock|write-write conflict/i.test(message);
}
