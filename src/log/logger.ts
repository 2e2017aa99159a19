// Structured logs: every event as one JSON line in the project's log file (for machines and
// incident reviews) and as readable text on stderr (for people). A tiny writer rather than a
// logging library: two sinks, synchronous appends so a crash never loses the last line.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  /** `fileOnly` for an error the command's own error handler reports on stderr anyway. */
  error(msg: string, fields?: Fields, options?: { fileOnly?: boolean }): void;
  child(fields: Fields): Logger;
}

export interface LoggerOptions {
  file?: string;
  /** Text on stderr at or above this level; 'silent' for none. */
  stderrLevel?: Level | 'silent';
  base?: Fields;
}

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: LoggerOptions = {}): Logger {
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  const write = (level: Level, msg: string, fields: Fields = {}, fileOnly = false) => {
    const all = { ...options.base, ...fields };
    if (options.file) appendFileSync(options.file, `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...all }, jsonSafe)}\n`);
    const min = options.stderrLevel ?? 'info';
    if (!fileOnly && min !== 'silent' && order[level] >= order[min]) {
      const tail = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, jsonSafe)}`);
      // On a terminal, first clear a progress line that may be drawn there.
      const clear = process.stderr.isTTY ? '\r\x1b[2K' : '';
      process.stderr.write(`${clear}${level === 'info' ? '' : `${level}: `}${msg}${tail.length ? `  ${tail.join(' ')}` : ''}\n`);
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f, o) => write('error', m, f, o?.fileOnly),
    child: (fields) => createLogger({ ...options, base: { ...options.base, ...fields } }),
  };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
