// Starts the Snowflake emulator for a test run: fakesnow (DuckDB behind Snowflake's HTTP API)
// through test/support/fakesnow_json.py, which makes it answer the Node.js driver. Installed by
// .ci/install-fakesnow.sh into <repo>/.engines/fakesnow/.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const repo = join(import.meta.dirname, '..', '..');
const python = join(repo, '.engines', 'fakesnow', 'bin', 'python');
const launcher = join(import.meta.dirname, 'fakesnow_json.py');

export function fakesnowInstalled(): boolean {
  return existsSync(python);
}

/** Any HTTP answer (even a 404) means the server is up. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

export async function startFakesnow(): Promise<{ url: string; stop(): void }> {
  if (!fakesnowInstalled()) throw new Error(`fakesnow is not installed (${python} is missing): run .ci/install-fakesnow.sh`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(python, [launcher, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null) throw new Error(`fakesnow exited with code ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      stop();
      throw new Error(`fakesnow did not answer on ${url} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Its stderr is drained (above) so a chatty server never blocks; the pipe must not keep the
  // test runner alive.
  (child.stderr as unknown as { unref(): void } | null)?.unref();
  child.unref();
  return { url, stop };
}
