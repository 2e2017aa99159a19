// All models of a project: one per source stream (generated) plus the SQL files under sql/.
import type { Project } from '../config/project.js';
import type { Dialect } from '../dialect/dialect.js';
import type { Model } from './models/model.js';
import { loadSqlModels } from './models/sql-templates.js';
import { standardShapeMacros } from './staging/standard-shapes.js';
import { streamModels } from './staging/stream-models.js';

export function modelCatalog(project: Project, dialect: Dialect): Model[] {
  return [...streamModels(dialect, project.sources), ...loadSqlModels(dialect, standardShapeMacros(project.sources))];
}
