// Jaro-Winkler for open-source Spark, which has none built in (SHOW FUNCTIONS LIKE '*jaro*' is
// empty in Spark 4.1): DuckDB's jaro_winkler_similarity (its vendored rapidfuzz) step for step,
// as the PostgreSQL helper cpm_jaro_winkler does, written as Spark 4 SQL UDFs over higher-order
// functions (https://spark.apache.org/docs/latest/sql-ref-syntax-ddl-create-sql-function.html).
// UTF-8 bytes, not characters, are compared (as two-hex-digit tokens of hex(encode(s))); each
// byte of t takes the first unmatched equal byte of p within max(len)/2 - 1 positions; the common
// prefix is counted first; transpositions are halved rounding down; the Winkler boost (0.1 per
// common leading byte, at most 4) applies only above 0.7. Each UDF parameter acts as a let
// binding. Checked bit for bit against DuckDB on 25,000 name pairs (test/dialect/databricks.test.ts).
//
// SQL UDF arguments are evaluated eagerly, even when the call sits in an IF or CASE branch not
// taken (for '' as well), so every divisor is wrapped in nullif() and arrays are read with get(),
// which gives NULL out of bounds: ANSI mode raises DIVIDE_BY_ZERO / INVALID_ARRAY_INDEX otherwise.
//
// Databricks runtimes that ship a native jaro_winkler would need their own check against DuckDB
// (case, '' and byte-vs-character conventions) before this dialect could call it instead.
// TEMPORARY functions live in the connection's session: the warehouse creates them on connect.

const byte = (s: string, i: string) => `substr(${s}, 2 * ${i} + 1, 2)`;

export const jaroWinklerUdfs: string[] = [
  `CREATE OR REPLACE TEMPORARY FUNCTION cpm_jw_boost(sim DOUBLE, prefix INT) RETURNS DOUBLE
RETURN IF(sim > 0.7D, least(1D, sim + least(prefix, 4) * 0.1D * (1D - sim)), sim)`,

  `CREATE OR REPLACE TEMPORARY FUNCTION cpm_jw_score(pl INT, tl INT, prefix INT, m INT, tr INT) RETURNS DOUBLE
RETURN IF(m = 0, 0D, cpm_jw_boost((CAST(m AS DOUBLE) / nullif(pl, 0) + CAST(m AS DOUBLE) / nullif(tl, 0) + CAST(m - tr AS DOUBLE) / nullif(m, 0)) / 3, prefix))`,

  // Transpositions: the matched bytes of p (in p order) against the matched bytes of t (in t order).
  `CREATE OR REPLACE TEMPORARY FUNCTION cpm_jw_state(p STRING, pl INT, tl INT, prefix INT, st STRUCT<pm: ARRAY<BOOLEAN>, tm: ARRAY<STRING>>) RETURNS DOUBLE
RETURN cpm_jw_score(pl, tl, prefix, prefix + size(st.tm),
  size(filter(zip_with(
      filter(transform(sequence(0, pl - 1), i -> IF(i >= prefix AND get(st.pm, i), ${byte('p', 'i')}, NULL)), x -> x IS NOT NULL),
      st.tm, (x, y) -> x != y), z -> z)) DIV 2)`,

  // The match search: a fold over the bytes of t after the prefix; each takes the first unmatched
  // equal byte of p in its window (a fold over a zero- or one-element candidate list).
  `CREATE OR REPLACE TEMPORARY FUNCTION cpm_jw_match(p STRING, t STRING, pl INT, tl INT, bound INT, prefix INT) RETURNS DOUBLE
RETURN cpm_jw_state(p, pl, tl, prefix,
  aggregate(filter(sequence(0, tl - 1), j -> j >= prefix),
    named_struct('pm', array_repeat(false, pl), 'tm', CAST(array() AS ARRAY<STRING>)),
    (acc, j) -> aggregate(
        slice(filter(sequence(0, pl - 1), i -> i >= greatest(prefix, j - bound) AND i <= least(pl - 1, j + bound)
                     AND NOT get(acc.pm, i) AND ${byte('p', 'i')} = ${byte('t', 'j')}), 1, 1),
        acc,
        (a2, i) -> named_struct('pm', transform(a2.pm, (x, k) -> x OR k = i), 'tm', concat(a2.tm, array(${byte('t', 'j')}))))))`,

  `CREATE OR REPLACE TEMPORARY FUNCTION cpm_jw_hex(p STRING, t STRING, pl INT, tl INT) RETURNS DOUBLE
RETURN IF(pl = 1 AND tl = 1, 0D, cpm_jw_match(p, t, pl, tl, greatest(pl, tl) DIV 2 - 1,
  coalesce(nullif(array_position(transform(sequence(0, least(pl, tl) - 1), i -> ${byte('p', 'i')} = ${byte('t', 'i')}), false), 0) - 1, least(pl, tl))))`,

  // NULL for '' is the dialect convention (dialect.ts), not DuckDB's (which gives 0).
  `CREATE OR REPLACE TEMPORARY FUNCTION cpm_jaro_winkler(a STRING, b STRING) RETURNS DOUBLE
RETURN CASE WHEN a IS NULL OR b IS NULL OR a = '' OR b = '' THEN NULL WHEN a = b THEN 1D
  ELSE cpm_jw_hex(hex(encode(a, 'UTF-8')), hex(encode(b, 'UTF-8')), octet_length(a), octet_length(b)) END`,
];
