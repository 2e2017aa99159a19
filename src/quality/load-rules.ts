// Loads config/quality_rules.yaml (optional: a project without it has no checks) and checks it
// against sources.yaml, so a wrong table or column is reported at its line before anything runs.
import { existsSync } from 'node:fs';
import { qualityFileSchema, type QualityFile } from '../config/quality-schema.js';
import type { SourcesFile } from '../config/sources-schema.js';
import { loadYaml } from '../config/yaml-loader.js';
import { ConfigError } from '../errors/cpm-error.js';
import { checkSpecs } from './check-specs.js';
import { checkQualityRules } from './config-check.js';

export function loadQualityRules(file: string, sources: SourcesFile, env: NodeJS.ProcessEnv): QualityFile | undefined {
  if (!existsSync(file)) return undefined;
  const loaded = loadYaml(file, qualityFileSchema, env);
  const problems = checkQualityRules(checkSpecs(loaded.value), sources).map((p) => `${loaded.locate(p.path)}: ${p.message}`);
  if (problems.length) throw new ConfigError(problems, 'fix the checks at the lines shown; docs/quality.md lists every check kind and option');
  return loaded.value;
}
