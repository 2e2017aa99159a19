// Export files: one writer per stream routes each row to the initial snapshot or to the
// daily file of the day it was created/changed, buffering text in large chunks.
import { appendFileSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DAY } from './calendar.js';

export interface SinkTimes {
  /** Last second of the initial snapshot (end of asOf - days). */
  cutoff: number;
  /** Last second exported at all (end of asOf). */
  end: number;
  /** Day number of the cutoff (daily files start the day after). */
  cutoffDay: number;
  days: number;
  isoOfDay: (day: number) => string;
}

export interface FileStat {
  path: string;
  rows: number;
  bytes: number;
}

const CHUNK = 1 << 22;

/**
 * One output file. Rows are encoded straight into a reusable 4 MiB buffer: concatenating
 * millions of rows into one JS string first costs more in garbage collection than the
 * whole simulation.
 */
class Out {
  private buf: Buffer | null = null;
  private off = 0;
  rows = 0;
  bytes = 0;
  private fd = -1;
  private written = false;
  constructor(
    readonly path: string,
    header: string,
    private readonly keepOpen: boolean,
  ) {
    if (header) this.put(header);
  }
  private put(s: string): void {
    if (!this.buf) this.buf = Buffer.allocUnsafe(this.keepOpen ? CHUNK : 1 << 16);
    if (this.off + s.length * 3 > this.buf.length) {
      this.flush();
      if (s.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(s.length * 3);
    }
    this.off += this.buf.write(s, this.off);
  }
  add(line: string): void {
    this.put(line);
    this.rows++;
  }
  flush(): void {
    if (!this.buf || this.off === 0) return;
    if (this.keepOpen) {
      if (this.fd < 0) this.fd = openSync(this.path, 'w');
      this.bytes += writeSync(this.fd, this.buf, 0, this.off);
    } else {
      appendFileSync(this.path, this.buf.subarray(0, this.off), { flag: this.written ? 'a' : 'w' });
      this.bytes += this.off;
    }
    this.written = true;
    this.off = 0;
  }
  close(): void {
    this.flush();
    if (!this.written && this.fd < 0) appendFileSync(this.path, '', { flag: 'w' }); // an empty export still exists
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.buf = null;
  }
}

export class StreamWriter {
  private readonly initial: Out;
  private readonly daily: Out[] = [];
  readonly relDir: string;

  constructor(
    outDir: string,
    readonly source: string,
    readonly stream: string,
    readonly ext: 'csv' | 'jsonl',
    header: string,
    private readonly times: SinkTimes,
  ) {
    this.relDir = `${source}/${stream}`;
    const dir = join(outDir, source, stream);
    mkdirSync(dir, { recursive: true });
    this.initial = new Out(join(dir, `${stream}_initial.${ext}`), header, true);
    for (let i = 0; i < times.days; i++) {
      const day = times.cutoffDay + 1 + i;
      this.daily.push(new Out(join(dir, `${stream}_${times.isoOfDay(day)}.${ext}`), header, false));
    }
  }

  /** Writes a row whose (last) modification time is t. Rows after asOf are dropped (the hidden future). */
  write(t: number, line: string): void {
    if (t <= this.times.cutoff) this.initial.add(line);
    else if (t <= this.times.end) {
      const i = Math.floor(t / DAY) - this.times.cutoffDay - 1;
      (this.daily[i] as Out).add(line);
    }
  }

  /**
   * A record with several versions (modification times ascending): the initial file gets
   * the last version up to the cutoff, each later day gets that day's last version.
   */
  writeVersions(times: readonly number[], render: (i: number) => string): void {
    const { cutoff, end } = this.times;
    let last = -1;
    for (let i = 0; i < times.length; i++) if ((times[i] as number) <= cutoff) last = i;
    if (last >= 0) this.initial.add(render(last));
    for (let i = last + 1; i < times.length; i++) {
      const t = times[i] as number;
      if (t > end) break;
      const next = times[i + 1];
      if (next !== undefined && next <= end && Math.floor(next / DAY) === Math.floor(t / DAY)) continue;
      this.write(t, render(i));
    }
  }

  close(outDir: string): FileStat[] {
    const stats: FileStat[] = [];
    for (const o of [this.initial, ...this.daily]) {
      o.close();
      stats.push({ path: relative(outDir, o.path), rows: o.rows, bytes: o.bytes });
    }
    return stats;
  }
}

function relative(root: string, p: string): string {
  return p.startsWith(root) ? p.slice(root.length).replace(/^[\\/]+/, '').replace(/\\/g, '/') : p;
}

/** RFC 4180 field quoting for a delimiter. */
export function quoter(delimiter: string): (s: string) => string {
  const needs = delimiter === ',' ? /[",\r\n]/ : new RegExp(`["\\r\\n${delimiter.replace(/[|\\^$*+?.()[\]{}]/g, '\\$&')}]`);
  return (s: string) => (needs.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
}

/** A plain truth/helper CSV (no daily split). */
export class PlainCsv {
  private readonly out: Out;
  constructor(path: string, header: string) {
    this.out = new Out(path, `${header}\n`, true);
  }
  add(line: string): void {
    this.out.add(line);
  }
  close(root: string): FileStat {
    this.out.close();
    return { path: relative(root, this.out.path), rows: this.out.rows, bytes: this.out.bytes };
  }
}
