// The `cpm` command: parses arguments, calls plain functions, and turns every error into a
// message, a hint and the exit code of DESIGN.md section 3 in one place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { CpmError, ExitCode } from '../errors/cpm-error.js';
import { registerDemo } from './commands/demo.js';
import { registerGenerate } from './commands/generate.js';
import { registerIdentity } from './commands/identity.js';
import { registerIngest } from './commands/ingest.js';
import { registerInit } from './commands/init.js';
import { registerMarts } from './commands/marts.js';
import { registerMetrics } from './commands/metrics.js';
import { registerResolve } from './commands/resolve.js';
import { registerReview } from './commands/review.js';
import { registerRun } from './commands/run.js';
import { registerStage } from './commands/stage.js';
import { registerStatus } from './commands/status.js';
import { registerQuality } from './commands/quality.js';
import { registerLineage } from './commands/lineage.js';
import { registerRuns } from './commands/runs.js';
import { registerSnapshots } from './commands/snapshots.js';
import { registerRollback } from './commands/rollback.js';
import { registerPrivacy } from './commands/privacy.js';
import { packageRoot } from '../project/init.js';

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command('cpm')
    .description('cpm-unify: one governed view of every constituent across donations, subscriptions, events, email and web')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerInit, registerGenerate, registerIngest, registerStage, registerResolve, registerMarts, registerRun, registerDemo, registerStatus, registerRuns, registerSnapshots, registerRollback, registerLineage, registerIdentity, registerReview, registerMetrics, registerQuality, registerPrivacy]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message (or the help, or the version).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CpmError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (process.env['CPM_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.stderr.write('hint: this is a runtime or engine error; details are in the project log (logs/cpm.log). Set CPM_DEBUG=1 for a stack trace.\n');
  return ExitCode.runtime;
}
