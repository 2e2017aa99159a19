// Spark's Thrift server and Databricks SQL run one statement per call, while Warehouse.execute
// takes a script, as DuckDB and PostgreSQL do (a dialect hook may return `a;\nb`). This splits a
// script at the semicolons outside Spark SQL string literals, backquoted identifiers and comments.
// Spark string literals take backslash escapes and either quote character:
// https://spark.apache.org/docs/latest/sql-ref-literals.html#string-literal

export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const s = script.slice(start, end).trim();
    if (s && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(s)) statements.push(s);
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === "'" || c === '"') {
      i++;
      while (i < script.length && script[i] !== c) i += script[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      // `` inside a backquoted name is an escaped backquote: two quoted runs in a row.
      i = script.indexOf('`', i + 1);
      i = i < 0 ? script.length : i + 1;
    } else if (c === '-' && script[i + 1] === '-') {
      const eol = script.indexOf('\n', i);
      i = eol < 0 ? script.length : eol + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? script.length : end + 2;
    } else if (c === ';') {
      push(i);
      start = ++i;
    } else {
      i++;
    }
  }
  push(script.length);
  return statements;
}
