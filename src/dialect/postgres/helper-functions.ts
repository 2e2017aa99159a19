// SQL functions the PostgreSQL dialect relies on. They are (re)created idempotently when a
// warehouse connection is opened, so a project needs no manual database set-up beyond a schema
// owner.
import { soundexSql } from '../portable-text.js';

// PostgreSQL has no "try" parsing: the shape is checked first, then out-of-range values
// (month 13, February 30) raise inside to_timestamp and are turned into NULL here. to_timestamp
// does not raise for zeros: it reads month 00 and day 00 as 1 and year 0000 as 1 BC, so
// '0000-00-00' or '2023-00-10' would become a date where DuckDB rejects them. A value holding an
// all-zero number must therefore print back with the same numbers (fractions compared as such).
// PARALLEL UNSAFE (the default, said here on purpose): the EXCEPTION block opens a subtransaction,
// which no process of a parallel query may do, the leader included ("cannot start subtransactions
// during a parallel operation" at 100,000 people; RESTRICTED is not enough). So queries that
// parse with it run serially: https://www.postgresql.org/docs/15/parallel-safety.html
const numbersOf = (text: string) =>
  `(SELECT array_agg(CASE WHEN m[1] = '.' THEN ('0.' || m[2])::numeric ELSE m[2]::numeric END ORDER BY i) ` +
  `FROM regexp_matches(${text}, '(\\.?)([0-9]+)', 'g') WITH ORDINALITY AS t (m, i))`;
const tryTimestamp = `
CREATE OR REPLACE FUNCTION cpm_try_timestamp(v text, fmt text, shape text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE AS $$
DECLARE r timestamp;
BEGIN
  IF v IS NULL OR v !~ shape THEN RETURN NULL; END IF;
  r := to_timestamp(v, fmt)::timestamp;
  IF v ~ '(^|[^0-9])0+([^0-9]|$)' AND ${numbersOf('v')} IS DISTINCT FROM ${numbersOf('to_char(r, fmt)')} THEN RETURN NULL; END IF;
  RETURN r;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$`;

// Calendar-boundary counting like DuckDB's date_diff: the number of unit boundaries crossed.
const dateDiff = `
CREATE OR REPLACE FUNCTION cpm_date_diff(unit text, a timestamp, b timestamp) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE unit
    WHEN 'day' THEN (b::date - a::date)::bigint
    WHEN 'week' THEN ((date_trunc('week', b)::date - date_trunc('week', a)::date) / 7)::bigint
    WHEN 'month' THEN ((extract(year FROM b) - extract(year FROM a)) * 12 + extract(month FROM b) - extract(month FROM a))::bigint
    WHEN 'quarter' THEN ((extract(year FROM b) - extract(year FROM a)) * 4 + extract(quarter FROM b) - extract(quarter FROM a))::bigint
    WHEN 'year' THEN (extract(year FROM b) - extract(year FROM a))::bigint
  END
$$`;

// DuckDB's jaro_winkler_similarity (its vendored rapidfuzz), step for step, so both engines give
// the same numbers: UTF-8 bytes, not characters, are compared; each byte of t takes the first
// unmatched equal byte of p within max(len)/2 - 1 positions; transpositions are halved rounding
// down; the Winkler boost (0.1 per common leading byte, at most 4) applies only above 0.7.
// A common prefix always matches itself in order, so it is counted before the search.
// NULL for '' is the dialect's convention (dialect.ts), not DuckDB's (which gives 0).
const jaroWinkler = `
CREATE OR REPLACE FUNCTION cpm_jaro_winkler(s1 text, s2 text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  p bytea := convert_to(s1, 'UTF8');
  t bytea := convert_to(s2, 'UTF8');
  p_len int := length(p);
  t_len int := length(t);
  bound int := greatest(p_len, t_len) / 2 - 1;
  prefix int := 0;
  p_matched boolean[];
  t_matched int[] := '{}'; -- bytes of t that found a match, in t order
  matches int;
  transpositions int := 0;
  c int;
  k int := 1;
  sim double precision;
BEGIN
  IF p_len = 0 OR t_len = 0 THEN RETURN NULL; END IF;
  IF p = t THEN RETURN 1; END IF;
  IF p_len = 1 AND t_len = 1 THEN RETURN 0; END IF;
  WHILE prefix < least(p_len, t_len) AND get_byte(p, prefix) = get_byte(t, prefix) LOOP
    prefix := prefix + 1;
  END LOOP;
  matches := prefix;
  p_matched := array_fill(false, ARRAY[p_len], ARRAY[0]);
  FOR j IN prefix .. t_len - 1 LOOP
    c := get_byte(t, j);
    FOR i IN greatest(prefix, j - bound) .. least(p_len - 1, j + bound) LOOP
      IF get_byte(p, i) = c AND NOT p_matched[i] THEN
        p_matched[i] := true;
        t_matched := t_matched || c;
        matches := matches + 1;
        EXIT;
      END IF;
    END LOOP;
  END LOOP;
  IF matches = 0 THEN RETURN 0; END IF;
  FOR i IN prefix .. p_len - 1 LOOP
    IF p_matched[i] THEN
      IF get_byte(p, i) <> t_matched[k] THEN transpositions := transpositions + 1; END IF;
      k := k + 1;
    END IF;
  END LOOP;
  transpositions := transpositions / 2;
  sim := (matches::float8 / p_len + matches::float8 / t_len + (matches - transpositions)::float8 / matches) / 3;
  IF sim > 0.7 THEN
    sim := least(1, sim + least(prefix, 4) * 0.1::float8 * (1 - sim));
  END IF;
  RETURN sim;
END $$`;

// The Soundex SQL the DuckDB dialect writes inline (portable-text.ts), so the two cannot drift.
const soundex = `
CREATE OR REPLACE FUNCTION cpm_soundex(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ${soundexSql('s')}
$$`;

export const postgresHelperFunctions = [tryTimestamp, dateDiff, jaroWinkler, soundex];
