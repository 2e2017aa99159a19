// `cpm ingest`: every configured stream through its connector into raw.
import { FileConnector } from '../connectors/file-connector.js';
import type { LoadReport } from '../connectors/connector.js';
import { UsageError } from '../errors/cpm-error.js';
import { suppressLanded } from '../privacy/suppress-loads.js';
import { ensureMetaTables } from './meta-tables.js';
import type { RunContext } from './run-context.js';
import { streamEntries } from './staging/stream-models.js';

export interface IngestOptions {
  /** Only these sources (default: all). */
  sources?: string[];
  /** Ignore watermarks and already-loaded files: land every file again as new batches. */
  fullRefresh?: boolean;
}

export async function runIngest(ctx: RunContext, options: IngestOptions = {}): Promise<LoadReport[]> {
  await ensureMetaTables(ctx.wh);
  const entries = streamEntries(ctx.project.sources);
  const unknown = (options.sources ?? []).filter((s) => !entries.some((e) => e.source === s));
  if (unknown.length) throw new UsageError(`unknown source(s): ${unknown.join(', ')}`, `configured sources: ${[...new Set(entries.map((e) => e.source))].join(', ')}`);
  const reports: LoadReport[] = [];
  const selected = entries.filter((e) => !options.sources?.length || options.sources.includes(e.source));
  for (const [i, entry] of selected.entries()) {
    ctx.progress(`ingest ${entry.source}.${entry.stream}`, i, selected.length);
    const connector = new FileConnector(ctx, entry, { fullRefresh: options.fullRefresh ?? false });
    const report = await connector.run();
    ctx.log.info(`ingest ${connector.name}: ${report.rows} row(s) from ${report.filesLoaded} new file(s)`, { rejected: report.rejected });
    reports.push(report);
  }
  // Rows of people erased by a privacy request are redacted as soon as they land (docs/privacy.md).
  await suppressLanded(ctx);
  ctx.progress('ingest', selected.length, selected.length);
  return reports;
}
