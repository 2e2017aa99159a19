// An ordered STRING_AGG for Spark, which has no ordered aggregate syntax (WITHIN GROUP arrived
// for listagg only on Databricks): collect (order keys, text) structs, sort them with a comparator
// lambda, keep the texts and join them. https://spark.apache.org/docs/latest/api/sql/index.html#array_sort

interface OrderKey {
  expr: string;
  descending: boolean;
}

/** 'w.pos DESC, x' -> keys. Order expressions are plain column expressions without commas. */
function parseOrderBy(orderBy: string): OrderKey[] {
  return orderBy.split(',').map((part) => {
    const m = /^\s*(.*?)\s*(?:\s(ASC|DESC))?\s*$/is.exec(part);
    const expr = m?.[1] ?? '';
    if (!expr) throw new Error(`stringAgg: cannot read the order "${orderBy}"`);
    return { expr, descending: (m?.[2] ?? '').toUpperCase() === 'DESC' };
  });
}

/**
 * NULL values are skipped (not collected); no value at all gives NULL, as STRING_AGG does. Ties
 * on the keys fall back to the text, so the result does not depend on row order. NULL keys sort
 * as equal to everything (the other engines put them last); the callers order by positions.
 */
export function orderedStringAgg(expr: string, separator: string, orderBy: string, textType: string): string {
  const keys = parseOrderBy(orderBy);
  const fields = keys.map((k, i) => `'k${i}', ${k.expr}`).join(', ');
  const compare = [...keys.map((k, i) => ({ field: `k${i}`, descending: k.descending })), { field: 'v', descending: false }]
    .map(({ field, descending }) => {
      const [lo, hi] = descending ? ['1', '-1'] : ['-1', '1'];
      return `WHEN l.${field} < r.${field} THEN ${lo} WHEN l.${field} > r.${field} THEN ${hi}`;
    })
    .join(' ');
  const value = `CAST(${expr} AS ${textType})`;
  const collected = `COLLECT_LIST(CASE WHEN ${value} IS NOT NULL THEN NAMED_STRUCT(${fields}, 'v', ${value}) END)`;
  const sorted = `ARRAY_SORT(${collected}, (l, r) -> CASE ${compare} ELSE 0 END)`;
  return `CASE WHEN COUNT(${value}) > 0 THEN ARRAY_JOIN(TRANSFORM(${sorted}, x -> x.v), ${separator}) END`;
}
