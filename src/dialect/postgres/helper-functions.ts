// SQL functions the PostgreSQL dialect relies on. They are (re)created idempotently when a
// warehouse connection is opened, so a project needs no manual database set-up beyond a schema
// owner.

// PostgreSQL has no "try" parsing: the shape is checked first, then out-of-range values
// (month 13, February 30) raise inside to_timestamp and are turned into NULL here.
const tryTimestamp = `
CREATE OR REPLACE FUNCTION cpm_try_timestamp(v text, fmt text, shape text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF v IS NULL OR v !~ shape THEN RETURN NULL; END IF;
  RETURN to_timestamp(v, fmt)::timestamp;
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

export const postgresHelperFunctions = [tryTimestamp, dateDiff];
