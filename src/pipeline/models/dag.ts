// Orders models so each runs after the tables it reads; a cycle is a config error that names it.
import { ConfigError } from '../../errors/cpm-error.js';
import type { Model } from './model.js';

export function topologicalOrder(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: Model[] = [];
  const visit = (m: Model, path: string[]) => {
    const s = state.get(m.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(m.name)), m.name];
      throw new ConfigError([`models form a cycle: ${cycle.join(' -> ')} (${m.origin})`], 'remove one of the ref() calls so the models form a tree');
    }
    state.set(m.name, 'visiting');
    for (const dep of m.deps) {
      const d = byName.get(dep);
      if (d) visit(d, [...path, m.name]);
    }
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return ordered;
}
