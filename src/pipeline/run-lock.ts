// One run at a time per project and per warehouse. A run takes, in order:
//  1. the project's lock file (run-lock-file.ts): every engine, and the holder's name for messages;
//  2. the warehouse itself (DuckDB refuses a second writing process: waited for like the lock);
//  3. the engine's session lock where it has one (PostgreSQL advisory lock), which also keeps out
//     runs from another project folder or host that write to the same database.
// A second run waits up to --wait seconds (default 0), then refuses naming the holder. A holder
// that died (SIGKILL, power loss) is detected and its lock taken over with a warning; the engine
// lock goes with the dead session by itself. Read-only commands take none of these.
import { hostname } from 'node:os';
import type { Project } from '../config/project.js';
import { CpmError, ExitCode } from '../errors/cpm-error.js';
import type { Logger } from '../log/logger.js';
import { openWarehouse } from '../warehouse/open.js';
import { WarehouseBusyError } from '../warehouse/warehouse-busy.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { describeHolder, holdLockFile, type LockHolder, me, runLockPath, tryLockFile } from './run-lock-file.js';

/** The advisory-lock key of cpm runs ('cpm1' in ASCII); advisory locks are per database. */
export const runLockKey = 0x63706d31;

export class RunLockedError extends CpmError {
  constructor(holder: string, waited: number) {
    super(
      `another cpm run is working on this project: ${holder}${waited ? `; waited ${waited} s` : ''}`,
      ExitCode.runtime,
      'wait for it to finish, or pass --wait SECONDS (or set CPM_LOCK_WAIT) to wait for it; ' +
        'if that process is gone, the next run notices and takes the lock over by itself (docs/crash-safety.md)',
    );
    this.name = 'RunLockedError';
  }
}

export interface RunLockOptions {
  runId: string;
  command: string;
  /** Seconds to wait for another run; default $CPM_LOCK_WAIT, else 0 (refuse at once). */
  waitSeconds?: number;
  log: Logger;
}

export function lockWaitSeconds(explicit: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (explicit !== undefined) return explicit;
  const n = Number(env['CPM_LOCK_WAIT'] ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn with the project's run lock held and the warehouse open (and locked); frees both. */
export async function withRunLock<T>(project: Project, options: RunLockOptions, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wait = lockWaitSeconds(options.waitSeconds);
  const deadline = Date.now() + wait * 1000;
  const { log } = options;
  let told = false;
  // Polls until `attempt` gives a value or the deadline passes; then `refuse` says why.
  const poll = async <V>(attempt: () => Promise<V | undefined>, holder: () => Promise<string>): Promise<V> => {
    for (let pause = 200; ; pause = Math.min(pause * 2, 2000)) {
      const got = await attempt();
      if (got !== undefined) return got;
      if (Date.now() >= deadline) throw new RunLockedError(await holder(), wait);
      if (!told) log.info(`waiting up to ${wait} s for another run to finish: ${await holder()}`);
      told = true;
      await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
    }
  };

  const path = runLockPath(project.root);
  const mine = me(options.runId, options.command);
  let last: LockHolder | null = null;
  await poll(
    async () => {
      const r = tryLockFile(path, mine);
      if (!r.acquired) {
        last = r.holder;
        return undefined;
      }
      if (r.replaced !== undefined) log.warn(`took over the run lock of a run that is no longer running (${r.replaced ? describeHolder(r.replaced) : 'an unreadable lock file'}); this run repairs what it left`);
      return true;
    },
    async () => (last ? describeHolder(last) : `lock file ${path} (being written)`),
  );
  const release = holdLockFile(path, mine);
  try {
    let busy: WarehouseBusyError | undefined;
    const wh = await poll(
      async () => {
        try {
          return await openWarehouse(project);
        } catch (e) {
          if (!(e instanceof WarehouseBusyError)) throw e;
          busy = e;
          return undefined;
        }
      },
      async () => busy?.message ?? 'the warehouse is busy',
    );
    try {
      await takeEngineLock(wh, options, poll);
      return await fn(wh);
    } finally {
      await wh.close();
    }
  } finally {
    release();
  }
}

type Poll = <V>(attempt: () => Promise<V | undefined>, holder: () => Promise<string>) => Promise<V>;

async function takeEngineLock(wh: Warehouse, options: RunLockOptions, poll: Poll): Promise<void> {
  const sql = wh.dialect.sessionLock();
  if (!sql) return;
  await wh.execute(sql.label(`cpm ${options.runId} pid ${process.pid} on ${hostname()}`));
  await poll(
    async () => {
      const [row] = await wh.query(sql.tryAcquire(runLockKey));
      return row?.['acquired'] === true ? true : undefined;
    },
    async () => {
      const [h] = await wh.query(sql.holder(runLockKey));
      // Another project folder (or host) runs on the same database; its label names the run.
      return h ? `${String(h['holder'] || 'a session')} (warehouse session from ${h['address'] ?? 'a local socket'} since ${h['since']})` : `a session of ${wh.location}`;
    },
  );
}
