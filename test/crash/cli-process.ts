// Runs the real CLI (test/support/cpm.ts through tsx, exactly what bin/cpm.js runs compiled) as
// a child process, asynchronously, so a test can run two at once or watch one die by a signal.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/project/init.js';

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

const entry = join(packageRoot, 'test', 'support', 'cpm.ts');

export interface CliProcess {
  pid: number;
  /** Resolves when the process has exited. */
  exit: Promise<CliExit>;
  /** Resolves when stderr has printed text matching the pattern. */
  stderrMatches(pattern: RegExp): Promise<void>;
}

export function startCpm(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const started = performance.now();
  // cwd: the package, so that `--import tsx` resolves.
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: packageRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    for (const w of watchers.splice(0)) (w.pattern.test(stderr) ? w.resolve() : watchers.push(w));
  });
  const exit = new Promise<CliExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
  return {
    pid: child.pid!,
    exit,
    stderrMatches: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        watchers.push({ pattern, resolve });
        void exit.then(() => (pattern.test(stderr) ? resolve() : reject(new Error(`exited before stderr matched ${pattern}:\n${stderr}`))));
      }),
  };
}

export const runCpm = (args: string[], env: NodeJS.ProcessEnv = {}) => startCpm(args, env).exit;
