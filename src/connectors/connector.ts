// The connector pattern of blueprint 4.3: every connector runs extract -> validate -> transform
// -> load through the same wrapper, which retries transient failures with exponential backoff,
// logs each operation as structured JSON and records its rows, bytes and duration in
// meta.run_steps. Connectors implement the four phases; they never re-implement the wrapper.
import type { StreamConfig } from '../config/sources-schema.js';
import type { RunContext } from '../pipeline/run-context.js';
import { timedStep, type StepMetrics } from '../pipeline/run-log.js';
import { defaultRetry, isTransientError, withRetry } from './retry.js';

export interface StreamTarget {
  source: string;
  stream: string;
  config: StreamConfig;
}

export interface LoadReport {
  source: string;
  stream: string;
  filesSeen: number;
  filesLoaded: number;
  rows: number;
  rejected: number;
  bytes: number;
  watermark: string | null;
}

export abstract class Connector<Extracted, Plan> {
  constructor(
    protected readonly ctx: RunContext,
    protected readonly target: StreamTarget,
  ) {}

  /** Find what is new at the source (files, rows since the watermark). */
  protected abstract extract(): Promise<Extracted>;
  /** Check it against the mapping; throw a ConfigError that names source, stream and column. */
  protected abstract validate(extracted: Extracted): Promise<void>;
  /** Decide how it lands (raw columns, lineage, filters). Pure. */
  protected abstract transform(extracted: Extracted): Plan;
  /** Land it in raw, idempotently by batch, then advance the watermark. */
  protected abstract load(plan: Plan): Promise<LoadReport>;
  /** Rows and bytes an operation handled, for the metrics of each phase. */
  protected abstract measure(value: Extracted | LoadReport): StepMetrics;

  get name(): string {
    return `${this.target.source}.${this.target.stream}`;
  }

  async run(): Promise<LoadReport> {
    const extracted = await this.operation('extract', () => this.extract(), (e) => this.measure(e));
    await this.operation('validate', () => this.validate(extracted), () => ({}));
    const plan = this.transform(extracted);
    return this.operation('load', () => this.load(plan), (r) => this.measure(r));
  }

  /** Runs one phase with retry, logging and metrics. */
  protected async operation<T>(phase: string, fn: () => Promise<T>, metrics: (value: T) => StepMetrics): Promise<T> {
    const log = this.ctx.log.child({ connector: this.name, phase });
    const started = performance.now();
    try {
      const value = await timedStep(
        this.ctx,
        `ingest:${this.name}:${phase}`,
        () =>
          withRetry(fn, {
            ...defaultRetry,
            isTransient: isTransientError,
            onRetry: (attempt, delayMs, error) => log.warn(`transient failure, retrying in ${delayMs} ms`, { attempt, error: String(error) }),
          }),
        metrics,
      );
      log.debug('done', { ...metrics(value), duration_ms: Math.round(performance.now() - started) });
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error('failed', { error: message, duration_ms: Math.round(performance.now() - started) }, { fileOnly: true });
      throw error;
    }
  }
}
