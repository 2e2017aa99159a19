// Builds throw-away projects for tests: a temp directory with cpm.yaml, config/ and data/.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadProject, type Project } from '../../src/config/project.js';
import type { WarehouseConfig } from '../../src/config/project-schema.js';
import type { RunContext } from '../../src/pipeline/run-context.js';
import { withProjectRun } from '../../src/pipeline/run-session.js';
import { packageRoot } from '../../src/project/init.js';

const created: string[] = [];
// Each test file runs in its own process: its temporary projects go when it exits.
process.on('exit', () => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function tempDir(prefix = 'cpm-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export interface TestProjectOptions {
  warehouse: WarehouseConfig;
  /** sources.yaml text; default: the example config shipped in config/. */
  sourcesYaml?: string;
  /** identity.yaml text; default: the example config shipped in config/. */
  identityYaml?: string;
  /** quality_rules.yaml text; default: the shipped one, or none with a custom sourcesYaml
   * (its checks name the example streams); '' for no file. */
  qualityYaml?: string;
  dir?: string;
}

export function makeProject(options: TestProjectOptions): Project {
  const dir = options.dir ?? tempDir();
  mkdirSync(join(dir, 'data'), { recursive: true });
  cpSync(join(packageRoot, 'config'), join(dir, 'config'), { recursive: true });
  if (options.sourcesYaml !== undefined) writeFileSync(join(dir, 'config', 'sources.yaml'), options.sourcesYaml);
  if (options.identityYaml !== undefined) writeFileSync(join(dir, 'config', 'identity.yaml'), options.identityYaml);
  const qualityYaml = options.qualityYaml ?? (options.sourcesYaml === undefined ? undefined : '');
  if (qualityYaml === '') rmSync(join(dir, 'config', 'quality_rules.yaml'), { force: true });
  else if (qualityYaml !== undefined) writeFileSync(join(dir, 'config', 'quality_rules.yaml'), qualityYaml);
  writeFileSync(join(dir, 'cpm.yaml'), stringify({ name: 'test', warehouse: options.warehouse, data_dir: 'data' }));
  return loadProject(dir);
}

/** Runs fn inside a recorded run, as the CLI does, with logs silenced. */
export function inRun<T>(project: Project, fn: (ctx: RunContext) => Promise<T>): Promise<T> {
  return withProjectRun(project, 'test', fn, { stderrLevel: 'silent' });
}
