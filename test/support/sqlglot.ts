// Parses SQL with sqlglot (PyPI), whose grammars for Snowflake and Databricks check the SQL
// rendered for engines this machine cannot run. `.ci/run` installs it; locally, tests that need
// it are skipped with the reason when it is missing.
import { spawnSync } from 'node:child_process';

const script = `
import json, sys, sqlglot
problems = []
for item in json.load(sys.stdin):
    try:
        sqlglot.parse_one(item["sql"], read=item["dialect"], error_level=sqlglot.ErrorLevel.RAISE)
    except Exception as e:
        problems.append({"name": item["name"], "dialect": item["dialect"], "error": str(e)[:500]})
json.dump(problems, sys.stdout)
`;

/** Why sqlglot cannot be used here, or false when it can. */
export function sqlglotMissing(): string | false {
  const r = spawnSync('python3', ['-c', 'import sqlglot'], { encoding: 'utf8' });
  if (r.status === 0) return false;
  return process.env['CI'] ? false : 'python3 with sqlglot is not installed (pip install sqlglot; .ci/run does)';
}

export function sqlglotProblems(items: Array<{ name: string; dialect: string; sql: string }>): Array<{ name: string; dialect: string; error: string }> {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(items), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`sqlglot failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Array<{ name: string; dialect: string; error: string }>;
}
