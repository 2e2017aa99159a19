// Turns snowflake-sdk result values into the engine-neutral Row values of warehouse.ts. Numbers
// are fetched as text (fetchAsString) so NUMBER(38,0) beyond 2^53 keeps its digits, as a string.
import type { Column } from 'snowflake-sdk';
import type { Row } from '../warehouse.js';

/** A Date the driver returns for DATE and TIMESTAMP_* columns (SfDate). */
interface SfDate extends Date {
  getNanoSeconds?(): number;
}

/**
 * Snowflake stores unquoted names in upper case (and, under QUOTED_IDENTIFIERS_IGNORE_CASE, the
 * quoted ones too), so `COUNT(*) AS n` comes back as N. cpm's own names are lower case: a name
 * without a lower-case letter is given back in lower case.
 */
export function columnName(name: string): string {
  return /[a-z]/.test(name) ? name : name.toLowerCase();
}

function timestampText(v: SfDate): string {
  const iso = v.toISOString(); // the wall clock of TIMESTAMP_NTZ is read as UTC by the driver
  const nanos = v.getNanoSeconds?.() ?? v.getUTCMilliseconds() * 1e6;
  const fraction = String(nanos).padStart(9, '0').slice(0, 6).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}`;
}

export function toRowValue(value: unknown, column: Column): Row[string] {
  if (value === null || value === undefined) return null;
  switch (column.getType()) {
    case 'fixed': {
      const text = String(value);
      if (column.getScale() > 0) return Number(text);
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'real':
      return Number(value);
    case 'date':
      return (value as Date).toISOString().slice(0, 10);
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return timestampText(value as SfDate);
    case 'boolean':
      return Boolean(value);
    case 'variant':
    case 'object':
    case 'array':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'binary':
      return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
    default:
      return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
}
