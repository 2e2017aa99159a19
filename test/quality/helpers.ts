// A small project for the quality tests: the pledge-desk fixture (two streams with rows built to
// break rules) with the quality rules a test passes, on a fresh warehouse of one engine.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject, type Project } from '../../src/config/project.js';
import type { RunContext } from '../../src/pipeline/run-context.js';
import type { TestEngine } from '../support/engines.js';
import { inRun, makeProject } from '../support/project.js';

export const fixture = join(import.meta.dirname, 'fixtures', 'pledge-desk');

export async function pledgeProject(engine: TestEngine, qualityYaml: string): Promise<Project> {
  const project = makeProject({ warehouse: await engine.freshWarehouse(), sourcesYaml: readFileSync(join(fixture, 'sources.yaml'), 'utf8'), qualityYaml });
  cpSync(join(fixture, 'data'), project.dataDir, { recursive: true });
  return project;
}

/** The project again after its quality_rules.yaml was rewritten. */
export function withRules(project: Project, qualityYaml: string): Project {
  writeFileSync(join(project.root, 'config', 'quality_rules.yaml'), qualityYaml);
  return loadProject(project.root);
}

export function query(project: Project, sql: string): Promise<Record<string, unknown>[]> {
  return inRun(project, (ctx: RunContext) => ctx.wh.query(sql));
}
