// CPM_SQL_LOG=<file>: every statement a warehouse executes is appended to the file as one JSON
// line ({"sql": "..."}), e.g. for checking them against an engine's grammar afterwards.
import { appendFileSync } from 'node:fs';

export function statementLog(env: NodeJS.ProcessEnv): ((sql: string) => void) | undefined {
  const file = env['CPM_SQL_LOG'];
  return file ? (sql) => appendFileSync(file, `${JSON.stringify({ sql })}\n`) : undefined;
}
