// A test hook, not a feature: it lets the crash tests (test/crash/) kill a real `cpm` process
// with a real SIGKILL at an exact, repeatable place. It does nothing unless an environment
// variable names it, and nothing a user configures reaches it.
//
//   CPM_FAULT_KILL_AT=statement:N          kill just before the Nth warehouse statement runs
//   CPM_FAULT_KILL_AT=statement:N:during   start the Nth statement, then kill while it runs
//   CPM_FAULT_KILL_AT=point:NAME[:K]       kill at the Kth (default 1st) pass of faultPoint(NAME)
//   CPM_FAULT_TRACE=FILE                   append one line per statement and point to FILE
//   CPM_FAULT_PAUSE_AT=statement:N         before the Nth statement, wait until the file
//     CPM_FAULT_RESUME_FILE=FILE           FILE exists (the concurrency tests hold a run there)
//
// A "statement" is a call of Warehouse.execute, query or landFiles (a bulk load is one).
// Counting them makes kill points deterministic for the same data and code, so a test picks
// its points from the count of an uninterrupted run and they stay spread as the pipeline grows.
// The process kills itself (process.kill(process.pid, 'SIGKILL')): no handler, no finally block
// and no driver shutdown runs, exactly as when the machine or the OOM killer ends it.
import { appendFileSync, existsSync } from 'node:fs';
import type { Warehouse } from '../warehouse/warehouse.js';

type KillAt = { kind: 'statement'; n: number; during: boolean } | { kind: 'point'; name: string; pass: number };

const killAt = parseKillAt(process.env['CPM_FAULT_KILL_AT']);
const traceFile = process.env['CPM_FAULT_TRACE'] || undefined;
const pauseAt = parsePauseAt(process.env['CPM_FAULT_PAUSE_AT'], process.env['CPM_FAULT_RESUME_FILE']);
const active = killAt !== undefined || traceFile !== undefined || pauseAt !== undefined;

let statements = 0;
let phase = 'session';
const passes = new Map<string, number>();

function parseKillAt(spec: string | undefined): KillAt | undefined {
  if (!spec) return undefined;
  const statement = /^statement:(\d+)(:during)?$/.exec(spec);
  if (statement) return { kind: 'statement', n: Number(statement[1]), during: statement[2] !== undefined };
  const point = /^point:([\w.:-]+?)(?::(\d+))?$/.exec(spec);
  if (point) return { kind: 'point', name: point[1]!, pass: Number(point[2] ?? 1) };
  // A typo must not make a crash test pass by never killing.
  throw new Error(`CPM_FAULT_KILL_AT="${spec}": expected statement:N, statement:N:during or point:NAME[:K] (a test hook; see src/pipeline/fault-injection.ts)`);
}

function parsePauseAt(spec: string | undefined, resumeFile: string | undefined): { n: number; resumeFile: string } | undefined {
  if (!spec) return undefined;
  const m = /^statement:(\d+)$/.exec(spec);
  if (!m || !resumeFile) throw new Error(`CPM_FAULT_PAUSE_AT="${spec}": expected statement:N, with CPM_FAULT_RESUME_FILE set (a test hook; see src/pipeline/fault-injection.ts)`);
  return { n: Number(m[1]), resumeFile };
}

function trace(line: string): void {
  // Synchronous, so the line is on disk before a kill that follows it.
  if (traceFile) appendFileSync(traceFile, `${line}\n`);
}

function die(where: string): never {
  trace(`KILL\t${where}`);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not delivered synchronously on every platform: never go on past a kill point.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

/** Names the step now running (shown in the trace, so a kill point can be told by where it is). */
export function faultPhase(name: string): void {
  if (active) phase = name;
}

/** A named place in the code a test can kill at (`point:NAME`). */
export function faultPoint(name: string): void {
  if (!active) return;
  const pass = (passes.get(name) ?? 0) + 1;
  passes.set(name, pass);
  trace(`${statements}\t${phase}\tpoint\t${name}:${pass}`);
  if (killAt?.kind === 'point' && killAt.name === name && killAt.pass === pass) die(`point:${name}:${pass}`);
}

/** Counts one statement; kills before it, arranges a kill while it runs, or pauses. */
async function beforeStatement(kind: string, text: string): Promise<void> {
  statements++;
  trace(`${statements}\t${phase}\t${kind}\t${text.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
  if (pauseAt?.n === statements) {
    // Waits without blocking the event loop: the run lock's heartbeat goes on meanwhile.
    trace(`PAUSE\tstatement:${statements}`);
    while (!existsSync(pauseAt.resumeFile)) await new Promise((r) => setTimeout(r, 50));
  }
  if (killAt?.kind !== 'statement' || killAt.n !== statements) return;
  if (!killAt.during) die(`statement:${statements}`);
  // The statement has been handed to the engine (a DuckDB worker thread, a socket to PostgreSQL)
  // by the time the event loop turns again: the kill lands while it runs.
  const n = statements;
  setImmediate(() => die(`statement:${n}:during`));
}

/** The warehouse itself when no fault variable is set; otherwise one that counts and kills. */
export function withFaultInjection(wh: Warehouse): Warehouse {
  if (!active) return wh;
  return new Proxy(wh, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'execute' || prop === 'query') {
        return async (sql: string) => {
          await beforeStatement(prop, sql);
          return (value as (s: string) => Promise<unknown>).call(target, sql);
        };
      }
      if (prop === 'landFiles') {
        return async (spec: Parameters<Warehouse['landFiles']>[0]) => {
          await beforeStatement('landFiles', `${spec.table.schema}.${spec.table.name} batch ${spec.batchId}: ${spec.files.map((f) => f.sourceFile).join(', ')}`);
          return target.landFiles(spec);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
