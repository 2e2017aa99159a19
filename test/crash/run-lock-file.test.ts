// The run lock file on real files: who counts as alive (a live pid on this host, a fresh
// heartbeat from another host), who as dead (a gone pid, a recycled pid, a stale heartbeat, a
// lock left empty), and that a dead holder's lock is replaced once, under the takeover guard.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { holdLockFile, type LockHolder, me, processStart, staleMs, tryLockFile } from '../../src/pipeline/run-lock-file.js';
import { tempDir } from '../support/project.js';

const lockIn = () => join(tempDir('cpm-lock-'), '.cpm', 'run.lock');
const write = (path: string, holder: Partial<LockHolder> | string, ageMs = 0) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof holder === 'string' ? holder : JSON.stringify({ runId: 'r-old', command: 'run', startedAt: '2026-01-01T00:00:00Z', ...holder }));
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
};
/** A pid that no process has: one that just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('run lock file', () => {
  it('is taken when free, refused while held, and freed by its holder only', () => {
    const path = lockIn();
    const a = me('run-a', 'run');
    assert.deepEqual(tryLockFile(path, a), { acquired: true });
    const refused = tryLockFile(path, me('run-b', 'run'));
    assert.equal(refused.acquired, false);
    assert.equal(!refused.acquired && refused.holder?.runId, 'run-a');
    // Another run's release (one that took over, say) leaves a lock it does not hold alone.
    holdLockFile(path, me('run-b', 'run'))();
    assert.ok(existsSync(path));
    holdLockFile(path, a)();
    assert.ok(!existsSync(path));
  });

  it('takes over from a process that is gone, and reports it', () => {
    const path = lockIn();
    write(path, { pid: deadPid(), host: hostname() });
    const r = tryLockFile(path, me('run-new', 'run'));
    assert.ok(r.acquired && r.replaced?.runId === 'r-old');
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).runId, 'run-new');
  });

  it('does not mistake a recycled pid for the holder (Linux: the start time differs)', { skip: processStart(process.pid) ? false : 'no /proc' }, () => {
    const path = lockIn();
    write(path, { pid: process.pid, host: hostname(), pidStart: '1' });
    assert.ok(tryLockFile(path, me('run-new', 'run')).acquired);
    write(path, { pid: process.pid, host: hostname(), pidStart: processStart(process.pid) });
    assert.equal(tryLockFile(path, me('run-new', 'run')).acquired, false);
  });

  it('trusts a holder on another host while its heartbeat is fresh', () => {
    const path = lockIn();
    write(path, { pid: 1, host: 'another-host' }, 5_000);
    assert.equal(tryLockFile(path, me('run-new', 'run')).acquired, false);
    write(path, { pid: 1, host: 'another-host' }, staleMs + 5_000);
    assert.ok(tryLockFile(path, me('run-new', 'run')).acquired);
  });

  it('waits for a lock being written, and clears one its writer died leaving empty', () => {
    const path = lockIn();
    write(path, '', 1_000);
    assert.equal(tryLockFile(path, me('run-new', 'run')).acquired, false);
    write(path, '', 60_000);
    assert.ok(tryLockFile(path, me('run-new', 'run')).acquired);
  });

  it('leaves a dead lock to the run already taking it over', () => {
    const path = lockIn();
    write(path, { pid: deadPid(), host: hostname() });
    write(`${path}.takeover`, { runId: 'r-taker', pid: process.pid, host: hostname(), pidStart: processStart(process.pid) });
    assert.equal(tryLockFile(path, me('run-new', 'run')).acquired, false);
    // A guard whose writer is gone is cleared, and the next attempt takes the lock.
    write(`${path}.takeover`, { runId: 'r-taker', pid: deadPid(), host: hostname() });
    assert.equal(tryLockFile(path, me('run-new', 'run')).acquired, false);
    assert.ok(tryLockFile(path, me('run-new', 'run')).acquired);
    assert.ok(!existsSync(`${path}.takeover`));
  });
});
