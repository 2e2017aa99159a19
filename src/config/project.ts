// A project on disk: cpm.yaml plus config/. Loading validates everything up front so a
// mistake is reported before any data moves.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors/cpm-error.js';
import { extraIdentifierNames } from '../pipeline/staging/standard-shapes.js';
import { checkCalendar } from './calendar-check.js';
import { calendarFileSchema, type CalendarFile } from './calendar-schema.js';
import { checkIdentity } from './identity-check.js';
import { identityFileSchema, type IdentityFile } from './identity-schema.js';
import { defaultLifecycle, lifecycleFileSchema, type LifecycleFile } from './lifecycle-schema.js';
import { projectFileSchema, warehouseSchema, warehouseTypes, type ProjectFile, type WarehouseConfig, type WarehouseType } from './project-schema.js';
import { loadQualityRules } from '../quality/load-rules.js';
import type { QualityFile } from './quality-schema.js';
import { checkSources } from './sources-check.js';
import { sourcesFileSchema, type SourcesFile } from './sources-schema.js';
import { loadYaml } from './yaml-loader.js';

export interface Project {
  root: string;
  config: ProjectFile;
  sources: SourcesFile;
  /** config/identity.yaml, when the project has one (resolution needs it). */
  identity: IdentityFile | undefined;
  /** config/calendar.yaml (fiscal year, holidays, pledge drives, campaigns); defaults when absent. */
  calendar: CalendarFile;
  /** config/lifecycle.yaml (stage rules); the shipped defaults when absent. */
  lifecycle: LifecycleFile;
  /** config/quality_rules.yaml, when the project has one (`cpm quality`, checks in `cpm run`). */
  quality: QualityFile | undefined;
  dataDir: string;
  logsDir: string;
  /** Absolute path of a file relative to the project root. */
  path(relative: string): string;
}

export interface LoadOptions {
  /** Run on this engine instead of cpm.yaml's (`--warehouse`, or $CPM_WAREHOUSE). */
  warehouse?: string;
}

export function loadProject(dir: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Project {
  const root = resolve(dir);
  const projectFile = join(root, 'cpm.yaml');
  if (!existsSync(projectFile)) {
    throw new ConfigError([`${projectFile}: no cpm.yaml here`], `run the command inside a project, pass --project DIR, or create one with \`cpm init ${dir}\``);
  }
  const loadedConfig = loadYaml(projectFile, projectFileSchema, env).value;
  const config = { ...loadedConfig, warehouse: selectWarehouse(loadedConfig.warehouse, options.warehouse ?? env['CPM_WAREHOUSE'], env) };
  const sourcesPath = join(root, 'config', 'sources.yaml');
  const loaded = loadYaml(sourcesPath, sourcesFileSchema, env);
  const problems = checkSources(loaded.value).map((p) => `${loaded.locate(p.path)}: ${p.message}`);
  if (problems.length) throw new ConfigError(problems, 'fix the values at the lines shown: a column is mapped under `columns:` before a key, watermark or mapping names it; formats are strftime, e.g. "%Y-%m-%d"');
  const identity = loadIdentity(join(root, 'config', 'identity.yaml'), loaded.value, env);
  const calendar = loadCalendar(join(root, 'config', 'calendar.yaml'), env);
  const lifecycle = existsSync(join(root, 'config', 'lifecycle.yaml')) ? loadYaml(join(root, 'config', 'lifecycle.yaml'), lifecycleFileSchema, env).value : lifecycleFileSchema.parse(defaultLifecycle);
  const quality = loadQualityRules(join(root, 'config', 'quality_rules.yaml'), loaded.value, env);
  const path = (relative: string) => (isAbsolute(relative) ? relative : join(root, relative));
  return { root, config, sources: loaded.value, identity, calendar, lifecycle, quality, dataDir: path(config.data_dir), logsDir: path(config.logs_dir), path };
}

function loadCalendar(file: string, env: NodeJS.ProcessEnv): CalendarFile {
  if (!existsSync(file)) return calendarFileSchema.parse({});
  const loaded = loadYaml(file, calendarFileSchema, env);
  const problems = checkCalendar(loaded.value).map((p) => `${loaded.locate(p.path)}: ${p.message}`);
  if (problems.length) throw new ConfigError(problems, 'move or shorten one of the drives, or remove the repeated campaign entry');
  return loaded.value;
}

function loadIdentity(file: string, sources: SourcesFile, env: NodeJS.ProcessEnv): IdentityFile | undefined {
  if (!existsSync(file)) return undefined;
  const loaded = loadYaml(file, identityFileSchema, env);
  const problems = checkIdentity(loaded.value, extraIdentifierNames(sources)).map((p) => `${loaded.locate(p.path)}: ${p.message}`);
  if (problems.length) throw new ConfigError(problems, 'name a field every normalized record has (docs/identity.md lists them)');
  return loaded.value;
}

/**
 * The warehouse block to use: cpm.yaml's, unless another engine is asked for. Then the other
 * engine's settings come from its environment variables (the adapters read them), except
 * PostgreSQL's URL, which is $CPM_POSTGRES_URL.
 */
function selectWarehouse(configured: WarehouseConfig, wanted: string | undefined, env: NodeJS.ProcessEnv): WarehouseConfig {
  if (!wanted || wanted === configured.type) return configured;
  if (!(warehouseTypes as readonly string[]).includes(wanted)) {
    throw new ConfigError([`--warehouse / CPM_WAREHOUSE: unknown engine "${wanted}"`], `use one of ${warehouseTypes.join(', ')}`);
  }
  const type = wanted as WarehouseType;
  if (type === 'postgres') {
    const url = env['CPM_POSTGRES_URL'];
    if (!url) throw new ConfigError(['--warehouse postgres: cpm.yaml has no postgres block and CPM_POSTGRES_URL is not set'], 'set CPM_POSTGRES_URL=postgres://user:password@host:port/database');
    return warehouseSchema.parse({ type, url });
  }
  return warehouseSchema.parse({ type });
}
