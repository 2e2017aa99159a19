// Text functions written once in SQL that DuckDB and PostgreSQL evaluate identically
// (translate, regexp_replace with \N group references in the replacement, left, substr, rpad),
// so both engines give the same value by construction instead of by two implementations.

/** Latin letters that Unicode decomposes into a base letter plus combining marks (é, ñ, Å),
 * which is exactly what DuckDB's strip_accents() removes. */
function decomposableLetters(): [string, string][] {
  const pairs: [string, string][] = [];
  for (let code = 0xc0; code <= 0x17f; code++) {
    const letter = String.fromCharCode(code);
    const base = letter.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== letter && /^[A-Za-z]$/.test(base)) pairs.push([letter, base]);
  }
  return pairs;
}

/** Letters with a stroke, middle dot or apostrophe: Unicode gives them no decomposition, yet a
 * name typed without them (Ø as O, Ł as L) is the same name. Ligatures and distinct letters
 * (Æ Œ Ĳ ß Þ Ð Ŋ ĸ ſ) are not accented letters and stay as they are. */
const strokeLetters: [string, string][] = [
  ['Ø', 'O'], ['ø', 'o'], ['Đ', 'D'], ['đ', 'd'], ['Ħ', 'H'], ['ħ', 'h'], ['ı', 'i'],
  ['Ŀ', 'L'], ['ŀ', 'l'], ['Ł', 'L'], ['ł', 'l'], ['ŉ', 'n'], ['Ŧ', 'T'], ['ŧ', 't'],
];

const accentMap = [...decomposableLetters(), ...strokeLetters];

/** `from`/`to` arguments of translate() mapping every accented letter of Latin-1 Supplement and
 * Latin Extended-A to its unaccented ASCII letter, one character to one. */
export const latinAccents = {
  from: accentMap.map(([letter]) => letter).join(''),
  to: accentMap.map(([, base]) => base).join(''),
};

// Soundex digit per letter: vowels and Y are 0 (they separate equal codes), H and W are 7
// (they do not: they are dropped together with the code before them).
const soundexLetters = 'AEIOUYHWBFPVCGJKQSXZDTLMNR';
const soundexDigits = '00000077111122222222334556';
// Each alternative keeps the first code of a run of equal codes, absorbing the H/W (7) after it;
// RE2 has no back-references, so there is one alternative per digit. An H or W that is the first
// letter is kept as 7, so the following consonant's code always counts (as in American Soundex).
const soundexRuns = '(1)[17]*|(2)[27]*|(3)[37]*|(4)[47]*|(5)[57]*|(6)[67]*|([07])7*';

/**
 * American Soundex of a text expression (Robert -> R163, Ashcraft -> A261): the first letter,
 * then the codes of the following letters, equal adjacent codes once (also across H and W, not
 * across vowels), zeros dropped, padded with 0 to four characters. Only ASCII letters count
 * (strip accents first); anything else is ignored. NULL when the text has no letter.
 * `expr` appears twice in the result, so pass a column or a cheap expression.
 */
export function soundexSql(expr: string): string {
  const letters = `NULLIF(UPPER(REGEXP_REPLACE(${expr}, '[^A-Za-z]+', '', 'g')), '')`;
  const codes = `REGEXP_REPLACE(TRANSLATE(${letters}, '${soundexLetters}', '${soundexDigits}'), '${soundexRuns}', '\\1\\2\\3\\4\\5\\6\\7', 'g')`;
  // The first code stands for the first letter, which is written as itself.
  return `(LEFT(${letters}, 1) || RPAD(LEFT(REPLACE(SUBSTR(${codes}, 2), '0', ''), 3), 3, '0'))`;
}
