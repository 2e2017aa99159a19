// The version lint: a calculation whose fingerprint differs from the one stored with values of
// the same version changed without a version bump, so two different numbers would carry one
// version. (The values themselves are never rewritten; the lint stops the next publish.)
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Dictionary } from './dictionary.js';
import { storedFingerprints } from './metric-values.js';

export interface LintProblem {
  metric: string;
  version: string;
  message: string;
}

export async function lintVersions(wh: Warehouse, dict: Dictionary): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  for (const stored of await storedFingerprints(wh)) {
    const metric = dict.metrics.get(stored.metric);
    if (!metric || metric.definition.version !== stored.version || metric.fingerprint === stored.fingerprint) continue;
    problems.push({
      metric: metric.name,
      version: stored.version,
      message: `${metric.name}: the calculation (or a model column or metric it reads) changed since values of version ${stored.version} were computed (fingerprint ${stored.fingerprint} -> ${metric.fingerprint}); bump its version`,
    });
  }
  return problems;
}
