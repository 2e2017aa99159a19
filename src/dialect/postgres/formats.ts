// Config date formats (strftime) as PostgreSQL's to_timestamp() templates. to_timestamp() accepts
// shapes loosely, so the dialect puts strftimeToRegex (../strftime.ts) in front of it.
import { type StrftimeDirective, walkStrftime } from '../strftime.js';

const templates: Record<StrftimeDirective, string> = {
  Y: 'YYYY',
  y: 'YY',
  m: 'MM',
  d: 'DD',
  H: 'HH24',
  I: 'HH12',
  M: 'MI',
  S: 'SS',
  f: 'US',
  p: 'AM',
  b: 'Mon',
  B: 'FMMonth',
};

export function strftimeToPostgres(format: string): string {
  let out = '';
  walkStrftime(
    format,
    (d) => (out += templates[d]),
    // Letters are template patterns in PostgreSQL unless double-quoted.
    (c) => (out += /[A-Za-z]/.test(c) ? `"${c}"` : c),
  );
  return out;
}
