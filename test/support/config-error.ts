// Runs something that must fail with a ConfigError and returns the error for its messages.
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors/cpm-error.js';

export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}
