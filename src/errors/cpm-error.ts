// One error type carries the exit code contract of DESIGN.md section 3:
// 0 success, 1 checks failed, 2 usage or config error, 3 runtime or engine error.
export const ExitCode = { ok: 0, checksFailed: 1, usage: 2, runtime: 3 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class CpmError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** How to fix it, shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CpmError';
  }
}

export class ConfigError extends CpmError {
  constructor(
    readonly problems: string[],
    hint?: string,
  ) {
    super(problems.join('\n'), ExitCode.usage, hint);
    this.name = 'ConfigError';
  }
}

export class UsageError extends CpmError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
    this.name = 'UsageError';
  }
}
