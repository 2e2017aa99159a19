// The checks of config/quality_rules.yaml as a flat list, each with its table, layer, name and
// parsed thresholds, and the defaults filled in (a check without thresholds fails on any bad row).
import { type CheckConfig, type CheckKind, checkKinds, checkedSchemas, type QualityFile, type QualityLayer } from '../config/quality-schema.js';
import { parseThreshold, type Threshold } from './thresholds.js';

export interface CheckSpec {
  /** schema.table */
  table: string;
  layer: QualityLayer;
  name: string;
  kind: CheckKind;
  /** The column (or comma-separated columns) checked, when the kind has one. */
  column: string | null;
  config: CheckConfig;
  warn?: Threshold;
  fail?: Threshold;
  /** A row-level rule: failing staging rows go to quality.quarantine. */
  quarantine: boolean;
  /** Where it is in the YAML (for config errors). */
  path: (string | number)[];
}

export function kindOf(config: CheckConfig): CheckKind {
  const kind = (Object.keys(checkKinds) as CheckKind[]).find((k) => k in config);
  if (!kind) throw new Error(`not a check: ${JSON.stringify(config)}`);
  return kind;
}

export function layerOf(table: string): QualityLayer {
  return checkedSchemas[table.split('.')[0] as keyof typeof checkedSchemas];
}

function columnOf(c: CheckConfig): string | null {
  if ('missing' in c) return c.missing;
  if ('invalid' in c) return c.invalid;
  if ('freshness' in c) return c.freshness;
  if ('reference' in c) return c.reference;
  if ('duplicate' in c) return Array.isArray(c.duplicate) ? c.duplicate.join(', ') : c.duplicate;
  return null;
}

function defaultThresholds(kind: CheckKind, quarantine: boolean): { warn?: string; fail?: string } {
  if (kind === 'row_count') return { fail: '= 0' };
  if (kind === 'schema' || kind === 'freshness') return {};
  // Rows a row-level rule quarantined are handled (kept out of staging): worth a warning.
  return quarantine ? { warn: '> 0' } : { fail: '> 0' };
}

export function checkSpecs(file: QualityFile): CheckSpec[] {
  return Object.entries(file.tables).flatMap(([table, checks]) =>
    checks.map((config, i): CheckSpec => {
      const kind = kindOf(config);
      const column = columnOf(config);
      const quarantine = 'quarantine' in config && config.quarantine === true;
      const given = 'warn' in config || 'fail' in config ? { warn: 'warn' in config ? config.warn : undefined, fail: 'fail' in config ? config.fail : undefined } : {};
      const thresholds = given.warn || given.fail ? given : defaultThresholds(kind, quarantine);
      return {
        table,
        layer: layerOf(table),
        name: config.name ?? (column === null ? kind : `${kind}(${column})`),
        kind,
        column,
        config,
        warn: thresholds.warn ? parseThreshold(thresholds.warn) : undefined,
        fail: thresholds.fail ? parseThreshold(thresholds.fail) : undefined,
        quarantine,
        path: ['tables', table, i],
      };
    }),
  );
}
