import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTransientError, withRetry } from '../../src/connectors/retry.js';

const noSleep = async () => {};

describe('retry with exponential backoff', () => {
  it('retries transient failures with doubling delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
        return 'ok';
      },
      { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, isTransient: isTransientError, sleep: noSleep, onRetry: (_a, d) => delays.push(d) },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(delays, [100, 200]);
  });

  it('does not retry permanent failures', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, isTransient: isTransientError, sleep: noSleep },
      ),
      /no such file/,
    );
    assert.equal(calls, 1);
  });

  it('gives up after the last attempt and caps the delay', async () => {
    const delays: number[] = [];
    await assert.rejects(
      withRetry(
        async () => {
          throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        },
        { attempts: 4, baseDelayMs: 300, maxDelayMs: 500, isTransient: isTransientError, sleep: noSleep, onRetry: (_a, d) => delays.push(d) },
      ),
      /reset/,
    );
    assert.deepEqual(delays, [300, 500, 500]);
  });

  it('classifies database lock and serialization errors as transient', () => {
    assert.equal(isTransientError(Object.assign(new Error('x'), { code: '40001' })), true);
    assert.equal(isTransientError(new Error('IO Error: Could not set lock on file "cpm.duckdb"')), true);
    assert.equal(isTransientError(new Error('Binder Error: column not found')), false);
  });
});
