// All models of a project: one per source stream (generated) plus the SQL files under sql/.
import type { Project } from '../config/project.js';
import type { Dialect } from '../dialect/dialect.js';
import { martMacros } from '../marts/macros.js';
import { rowRulesOf } from '../quality/row-rules.js';
import type { Model } from './models/model.js';
import { loadSqlModels, type MacroFactory } from './models/sql-templates.js';
import { nowText } from './run-context.js';
import { standardShapeMacros } from './staging/standard-shapes.js';
import { streamModels } from './staging/stream-models.js';

/** @param asOf the as-of date the dimension and mart models are rendered for (`cpm marts`). */
export function modelCatalog(project: Project, dialect: Dialect, asOf?: string): Model[] {
  const staging = standardShapeMacros(project.sources);
  const macros: MacroFactory = (helpers) => ({ ...staging(helpers), ...martMacros(helpers.dialect, project, asOf) });
  return [...streamModels(dialect, project.sources, rowRulesOf(project.quality, dialect, { now: nowText() })), ...loadSqlModels(dialect, macros)];
}
