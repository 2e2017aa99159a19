// Cross-field checks of identity.yaml that a schema cannot express: every field a rule names
// must exist on a normalized record, and names must be unique (they become column names).
import type { IdentityFile } from './identity-schema.js';
import { normalizedFields } from './identity-schema.js';
import type { SourceProblem } from './sources-check.js';

export function checkIdentity(file: IdentityFile, extraIdentifiers: string[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const known = [...normalizedFields, ...extraIdentifiers];
  const needField = (field: string, path: (string | number)[]) => {
    if (!known.includes(field)) problems.push({ path, message: `"${field}" is not a normalized field; use one of: ${known.join(', ')}` });
  };
  const unique = (names: string[], path: (i: number) => (string | number)[], what: string) => {
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) problems.push({ path: path(i), message: `${what} "${n}" is defined twice` });
    });
  };
  file.blocking.rules.forEach((r, i) => r.keys.forEach((k, j) => needField(k, ['blocking', 'rules', i, 'keys', j])));
  file.deterministic.forEach((r, i) => needField(r.field, ['deterministic', i, 'field']));
  file.weighted?.features.forEach((f, i) => f.field && needField(f.field, ['weighted', 'features', i, 'field']));
  file.fellegi_sunter?.comparisons.forEach((c, i) => c.field && needField(c.field, ['fellegi_sunter', 'comparisons', i, 'field']));
  unique(file.blocking.rules.map((r) => r.name), (i) => ['blocking', 'rules', i, 'name'], 'blocking rule');
  unique(file.deterministic.map((r) => r.name), (i) => ['deterministic', i, 'name'], 'deterministic rule');
  unique(file.guards.map((r) => r.name), (i) => ['guards', i, 'name'], 'guard');
  unique(file.weighted?.features.map((r) => r.name) ?? [], (i) => ['weighted', 'features', i, 'name'], 'feature');
  unique(file.fellegi_sunter?.comparisons.map((r) => r.name) ?? [], (i) => ['fellegi_sunter', 'comparisons', i, 'name'], 'comparison');
  return problems;
}
