// Progress on long steps, only when stderr is a terminal (never in logs, pipes or CI).
// One redrawn line; a bar library would add little over these few lines.
import type { ProgressFn } from '../pipeline/run-context.js';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  if (!stream.isTTY) return () => {};
  let last = 0;
  return (label, done, total) => {
    const now = Date.now();
    const finished = done >= total;
    if (!finished && now - last < 100) return;
    last = now;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    stream.write(`\r\x1b[2K${label} ${bar} ${done}/${total}${finished ? '\n' : ''}`);
  };
}
