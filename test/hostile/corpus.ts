// The hostile-input corpus: every case's input (a folder under cases/, or files generated at test
// time where the repository should not hold them) and what it must end in. Rows are
// [file, row, id, name, amount, gift_date] unless a case lists other columns; `row` is the
// record's place among the file's records (header and blank lines excluded; for JSON lines, the
// line number), the same number raw's _source_row and quality.quarantine's source_row carry.
import { standardColumns } from './hostile-project.js';
import type { DataCase } from './corpus-types.js';
import { columnsAndKeys } from './corpus/columns-and-keys.js';
import { malformedCsv } from './corpus/csv.js';
import { encodings } from './corpus/encodings.js';
import { huge } from './corpus/huge.js';
import { injectionAndUnicode } from './corpus/injection-and-unicode.js';
import { jsonLines } from './corpus/json-lines.js';
import { typesAndDates } from './corpus/types-and-dates.js';
import { wholeFile } from './corpus/whole-file.js';

export const corpus: DataCase[] = [...malformedCsv, ...encodings, ...wholeFile, ...typesAndDates, ...huge, ...columnsAndKeys, ...injectionAndUnicode, ...jsonLines];

/** The columns a case's rows list. */
export function rawColumns(c: DataCase): string[] {
  return (c.expect.outcome !== 'error' && c.expect.columns) || standardColumns.map((s) => s.source);
}
