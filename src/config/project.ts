// A project on disk: cpm.yaml plus config/. Loading validates everything up front so a
// mistake is reported before any data moves.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors/cpm-error.js';
import { extraIdentifierNames } from '../pipeline/staging/standard-shapes.js';
import { checkIdentity } from './identity-check.js';
import { identityFileSchema, type IdentityFile } from './identity-schema.js';
import { projectFileSchema, type ProjectFile } from './project-schema.js';
import { checkSources } from './sources-check.js';
import { sourcesFileSchema, type SourcesFile } from './sources-schema.js';
import { loadYaml } from './yaml-loader.js';

export interface Project {
  root: string;
  config: ProjectFile;
  sources: SourcesFile;
  /** config/identity.yaml, when the project has one (resolution needs it). */
  identity: IdentityFile | undefined;
  dataDir: string;
  logsDir: string;
  /** Absolute path of a file relative to the project root. */
  path(relative: string): string;
}

export function loadProject(dir: string, env: NodeJS.ProcessEnv = process.env): Project {
  const root = resolve(dir);
  const projectFile = join(root, 'cpm.yaml');
  if (!existsSync(projectFile)) {
    throw new ConfigError([`${projectFile}: no cpm.yaml here`], `run the command inside a project, pass --project DIR, or create one with \`cpm init ${dir}\``);
  }
  const config = loadYaml(projectFile, projectFileSchema, env).value;
  const sourcesPath = join(root, 'config', 'sources.yaml');
  const loaded = loadYaml(sourcesPath, sourcesFileSchema, env);
  const problems = checkSources(loaded.value).map((p) => `${loaded.locate(p.path)}: ${p.message}`);
  if (problems.length) throw new ConfigError(problems, 'map the column under `columns:` first, or fix the name');
  const identity = loadIdentity(join(root, 'config', 'identity.yaml'), loaded.value, env);
  const path = (relative: string) => (isAbsolute(relative) ? relative : join(root, relative));
  return { root, config, sources: loaded.value, identity, dataDir: path(config.data_dir), logsDir: path(config.logs_dir), path };
}

function loadIdentity(file: string, sources: SourcesFile, env: NodeJS.ProcessEnv): IdentityFile | undefined {
  if (!existsSync(file)) return undefined;
  const loaded = loadYaml(file, identityFileSchema, env);
  const problems = checkIdentity(loaded.value, extraIdentifierNames(sources)).map((p) => `${loaded.locate(p.path)}: ${p.message}`);
  if (problems.length) throw new ConfigError(problems, 'name a field every normalized record has (docs/identity.md lists them)');
  return loaded.value;
}
