// `cpm init DIR`: a new project from the example configuration shipped in the package.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors/cpm-error.js';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface InitResult {
  dir: string;
  files: string[];
}

function projectYaml(name: string): string {
  return `# yaml-language-server: $schema=schemas/cpm.schema.json
# cpm-unify project. Reference: docs/configuration.md
name: ${name}

# The embedded default: one DuckDB file under the project, no server.
warehouse:
  type: duckdb
  path: warehouse/cpm.duckdb
# Or PostgreSQL 15+ (secrets only through environment variables):
# warehouse:
#   type: postgres
#   url: \${CPM_POSTGRES_URL}

# Source exports are read from here (see config/sources.yaml for each stream's files).
data_dir: data
logs_dir: logs
`;
}

export function initProject(dir: string, options: { force?: boolean } = {}): InitResult {
  const root = resolve(dir);
  const cpmYaml = join(root, 'cpm.yaml');
  if (existsSync(cpmYaml) && !options.force) {
    throw new UsageError(`${cpmYaml} already exists`, 'choose another directory, or pass --force to overwrite the configuration');
  }
  mkdirSync(join(root, 'data'), { recursive: true });
  cpSync(join(packageRoot, 'config'), join(root, 'config'), { recursive: true, force: true });
  // JSON Schemas beside the config, so editors complete and check the YAML files.
  cpSync(join(packageRoot, 'schemas'), join(root, 'schemas'), { recursive: true, force: true });
  writeFileSync(cpmYaml, projectYaml(basename(root)));
  return { dir: root, files: ['cpm.yaml', 'config/', 'schemas/'] };
}
