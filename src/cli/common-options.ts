// Options every command takes (DESIGN.md section 3).
import { type Command, InvalidArgumentError } from 'commander';

export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--project <dir>', 'project directory (default: current directory)')
    .option('--warehouse <engine>', 'run on this engine instead of the one in cpm.yaml: duckdb, postgres, databricks or snowflake (default $CPM_WAREHOUSE)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'only warnings and errors on stderr');
}

/** For commands that write (they take the project's run lock; docs/crash-safety.md). */
export function withWaitOption(cmd: Command): Command {
  return cmd.option('--wait <seconds>', 'if another run holds the project, wait up to this many seconds for it to finish (default $CPM_LOCK_WAIT, else 0: refuse at once)', nonNegativeInt('--wait'));
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0, got "${value}"`);
    return n;
  };
}

export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`expected a date like 2026-06-30, got "${value}"`);
  return value;
}
