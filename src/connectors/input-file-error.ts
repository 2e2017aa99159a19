// An export file that cannot be landed as a whole (its header, its encoding, its line breaks).
// It is the user's input, not the engine, that is wrong: exit 2 like a config error, with the
// file, the line and how to fix it, so a run never ends in a stack trace for bad input.
import { CpmError, ExitCode } from '../errors/cpm-error.js';

export class InputFileError extends CpmError {
  constructor(
    /** The file as the user knows it (relative to the data directory). */
    readonly file: string,
    /** 1-based line in the file, when the problem has one. */
    readonly line: number | undefined,
    problem: string,
    hint: string,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${problem}`, ExitCode.usage, hint);
    this.name = 'InputFileError';
  }
}
