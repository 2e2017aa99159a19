// Human formatting of metric values by their `format` (JSON output keeps the raw numbers).
import type { MetricDefinition } from '../config/metrics-schema.js';

export function formatValue(value: number | null, format: MetricDefinition['format']): string {
  if (value === null) return '-';
  switch (format) {
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'currency':
      return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'number':
      return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
  }
}
