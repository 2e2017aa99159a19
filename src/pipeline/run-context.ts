// What every step of a run shares: the project, the open warehouse, the run id and the log.
import type { Project } from '../config/project.js';
import type { Logger } from '../log/logger.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export type ProgressFn = (label: string, done: number, total: number) => void;

export interface RunContext {
  project: Project;
  wh: Warehouse;
  runId: string;
  log: Logger;
  progress: ProgressFn;
}

/** UTC now as 'YYYY-MM-DD HH:MM:SS', the timestamp text every engine parses alike. */
export function nowText(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
