// The warehouse refused to open because another process has it (DuckDB lets one process at a
// time open a database file for writing). A runtime error (exit 3) whose message names the
// other process; run sessions wait and try again while their --wait allows.
import { CpmError, ExitCode } from '../errors/cpm-error.js';

export class WarehouseBusyError extends CpmError {
  constructor(
    /** What is busy, e.g. 'the DuckDB file /p/warehouse/cpm.duckdb'. */
    readonly what: string,
    /** The other process's id, when the engine says it. */
    readonly holderPid: number | undefined,
    /** Who that is, when the project's run lock names it (`cpm run`, run id, started at). */
    readonly holder?: string,
  ) {
    super(
      `${what} is open in another process (${holder ?? (holderPid ? `pid ${holderPid}` : 'not named by the engine')}), and the engine lets one process at a time open it`,
      ExitCode.runtime,
      'wait for that command to finish and run this one again (`cpm run --wait SECONDS` waits by itself); on PostgreSQL, read-only commands such as `cpm status` work during a run',
    );
    this.name = 'WarehouseBusyError';
  }

  /** The same error, naming the holder. */
  naming(holder: string | undefined): WarehouseBusyError {
    return holder ? new WarehouseBusyError(this.what, this.holderPid, holder) : this;
  }
}
