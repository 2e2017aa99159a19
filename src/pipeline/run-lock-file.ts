// The project's run lock as a file: <project>/.cpm/run.lock, created with O_CREAT|O_EXCL ('wx'),
// which the kernel makes atomic, holding who took it. It works for every engine, needs no
// server, and its content lets a refused run name the holder.
//
// Why not a library: proper-lockfile (the usual choice) detects a dead holder only by a stale
// mtime, so a SIGKILLed run would block the next one for its whole stale period; here the
// holder's pid is checked on the same host (and its start time, so a recycled pid does not
// pass for it), and the mtime heartbeat is only the fallback for a holder on another host.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

export interface LockHolder {
  runId: string;
  command: string;
  pid: number;
  host: string;
  startedAt: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/PID/stat field 22). */
  pidStart?: string;
}

export function runLockPath(projectRoot: string): string {
  return join(projectRoot, '.cpm', 'run.lock');
}

/** The holder as a person reads it: what runs, which run, which process where, since when. */
export function describeHolder(h: LockHolder): string {
  return `\`cpm ${h.command}\`, run ${h.runId}, pid ${h.pid} on ${h.host}, started ${h.startedAt}`;
}

/** The holder refreshes the file's mtime this often; another host counts it dead after `staleMs`. */
export const heartbeatMs = 15_000;
export const staleMs = 120_000;
/** A lock file still empty this long after it was made belongs to a process that died writing it. */
const emptyGraceMs = 10_000;

export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined; // not Linux, or no such process
  }
}

export function me(runId: string, command: string): LockHolder {
  return { runId, command, pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), pidStart: processStart(process.pid) };
}

type Seen = { holder: LockHolder | null; text: string; mtimeMs: number } | 'gone';

function look(path: string): Seen {
  try {
    const text = readFileSync(path, 'utf8');
    const mtimeMs = statSync(path).mtimeMs;
    try {
      return { holder: JSON.parse(text) as LockHolder, text, mtimeMs };
    } catch {
      return { holder: null, text, mtimeMs };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
}

/** Whether the process that wrote the lock can still be running it. */
export function holderAlive(seen: { holder: LockHolder | null; mtimeMs: number }, now = Date.now()): boolean {
  const { holder } = seen;
  if (!holder) return now - seen.mtimeMs < emptyGraceMs;
  if (holder.host !== hostname()) return now - seen.mtimeMs < staleMs;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: the pid is alive under another user.
  }
  const start = processStart(holder.pid);
  return !(holder.pidStart && start && start !== holder.pidStart);
}

function create(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export type FileLockAttempt = { acquired: true; replaced?: LockHolder | null } | { acquired: false; holder: LockHolder | null };

/**
 * One attempt at the lock. A dead holder's lock is taken over under a second lock file
 * (run.lock.takeover), so of two runs that both find it dead only one replaces it.
 */
export function tryLockFile(path: string, holder: LockHolder): FileLockAttempt {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, holder)) return { acquired: true };
    const seen = look(path);
    if (seen === 'gone') continue; // released between our two calls: try again
    if (holderAlive(seen)) return { acquired: false, holder: seen.holder };
    const guard = `${path}.takeover`;
    if (!create(guard, holder)) {
      const g = look(guard);
      // A guard left by a process killed mid-takeover: clear it, and try again.
      if (g !== 'gone' && !holderAlive(g)) unlinkSync(guard);
      return { acquired: false, holder: seen.holder };
    }
    try {
      const again = look(path);
      if (again !== 'gone' && again.text !== seen.text) return { acquired: false, holder: again.holder };
      if (again !== 'gone') unlinkSync(path);
      if (create(path, holder)) return { acquired: true, replaced: seen.holder };
    } finally {
      unlinkSync(guard);
    }
  }
  const last = look(path);
  return { acquired: false, holder: last === 'gone' ? null : last.holder };
}

/** Keeps the lock's mtime fresh while held; returns the function that releases it. */
export function holdLockFile(path: string, holder: LockHolder): () => void {
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Gone or unwritable: the next run's checks (pid on this host) still see us alive.
    }
  }, heartbeatMs);
  beat.unref();
  return () => {
    clearInterval(beat);
    const seen = look(path);
    // Only our own lock: a run that took over a lock it thought dead must keep its own.
    if (seen !== 'gone' && seen.holder?.runId === holder.runId && seen.holder.pid === holder.pid) unlinkSync(path);
  };
}

export function readLockHolder(path: string): LockHolder | null {
  const seen = look(path);
  return seen === 'gone' ? null : seen.holder;
}
