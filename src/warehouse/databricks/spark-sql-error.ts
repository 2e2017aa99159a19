// One error shape for both transports: the engine's own message (drivers bury it in
// error.response), its SQLSTATE, and the beginning of the statement that failed.

const statementHead = 300;

export class SparkSqlError extends Error {
  constructor(
    message: string,
    readonly statement: string,
    readonly sqlState?: string,
  ) {
    const head = statement.replace(/\s+/g, ' ').trim();
    super(`${message}\n  in statement: ${head.length > statementHead ? `${head.slice(0, statementHead)} …` : head}`);
    this.name = 'SparkSqlError';
  }
}

/** The engine's message from a driver error, without Java stack frames and the wrappers the
 * Thrift server adds ("org.apache.hive.service.cli.HiveSQLException: Error running query: ..."). */
export function engineMessage(error: unknown): { message: string; sqlState?: string } {
  const e = error as { message?: string; response?: { errorMessage?: string; sqlState?: string; displayMessage?: string } } | undefined;
  const raw = e?.response?.displayMessage || e?.response?.errorMessage || e?.message || String(error);
  const message = raw
    .split('\n')
    // Java stack frames, and the logical plan an AnalysisException appends ('Project [...] / +- ...).
    .filter((line) => !/^\s+at |^\s*\.\.\. \d+ more|^Caused by: |^\s*('|\+- |:- |:\s+[+:])/.test(line))
    .join('\n')
    .replace(/^(org\.apache\.hive\.service\.cli\.HiveSQLException: )?(Error running query: )?/, '')
    // "[ERROR_CLASS] org.apache.spark.sql.AnalysisException: [ERROR_CLASS] text" says the class twice.
    .replace(/^(\[[A-Z_.]+\] )?(org|io)\.[\w.$]+(Exception|Error): /, '')
    .trim();
  return { message: message || 'the statement failed without a message', sqlState: e?.response?.sqlState };
}
