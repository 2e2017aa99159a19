{#- marts.membership_renewals: donor flows by fiscal year (calendar.yaml's fiscal start), from
    the first fiscal year with a gift on record to the one holding the as-of date. Grain: fiscal
    year. A donor "gave in a year" with a posted donation dated in it.
      renewed      gave this year and the year before
      new_donors   first gift on record this year
      recaptured   gave this year, not the year before, but in an earlier year
      lapsed       gave the year before, not (yet) this year
    renewal_rate = renewed / prior_year_donors. The year holding the as-of date is partial
    (is_complete false). The first year on record has no year before it: all its donors count as
    new. -#}
{{ config(materialized='table') }}
{% set gifts = ref('marts.gifts') %}
WITH years AS (
  SELECT fiscal_year, MIN(full_date) AS fiscal_year_start, MAX(full_date) AS fiscal_year_end
  FROM {{ ref('dimensions.dim_date') }}
  GROUP BY fiscal_year
),
span AS (
  SELECT y.*
  FROM years AS y
  WHERE y.fiscal_year_start <= {{ as_of() }}
    AND y.fiscal_year_end >= (SELECT MIN(gift_date) FROM {{ gifts }})
),
donor_years AS (
  SELECT constituent_id, fiscal_year, SUM(amount) AS amount FROM {{ gifts }} GROUP BY constituent_id, fiscal_year
),
first_years AS (
  SELECT constituent_id, MIN(fiscal_year) AS first_fiscal_year FROM donor_years GROUP BY constituent_id
),
pairs AS (
  -- Each donor's giving this year and the year before, side by side.
  SELECT constituent_id, fiscal_year, MAX(this_year) AS this_year, MAX(prior_year) AS prior_year, SUM(amount) AS amount
  FROM (
    SELECT constituent_id, fiscal_year, 1 AS this_year, 0 AS prior_year, amount FROM donor_years
    UNION ALL
    SELECT constituent_id, fiscal_year + 1, 0, 1, 0 FROM donor_years
  ) AS x
  GROUP BY constituent_id, fiscal_year
),
flows AS (
  SELECT p.fiscal_year,
    SUM(p.this_year) AS donors,
    SUM(p.prior_year) AS prior_year_donors,
    SUM(CASE WHEN p.this_year = 1 AND p.prior_year = 1 THEN 1 ELSE 0 END) AS renewed,
    SUM(CASE WHEN p.this_year = 1 AND f.first_fiscal_year = p.fiscal_year THEN 1 ELSE 0 END) AS new_donors,
    SUM(CASE WHEN p.this_year = 1 AND p.prior_year = 0 AND f.first_fiscal_year < p.fiscal_year THEN 1 ELSE 0 END) AS recaptured,
    SUM(CASE WHEN p.this_year = 0 AND p.prior_year = 1 THEN 1 ELSE 0 END) AS lapsed,
    SUM(p.amount) AS total_giving
  FROM pairs AS p
  JOIN first_years AS f ON f.constituent_id = p.constituent_id
  GROUP BY p.fiscal_year
)
SELECT
  s.fiscal_year,
  s.fiscal_year_start,
  s.fiscal_year_end,
  s.fiscal_year_end <= {{ as_of() }} AS is_complete,
  COALESCE(f.donors, 0) AS donors,
  COALESCE(f.prior_year_donors, 0) AS prior_year_donors,
  COALESCE(f.renewed, 0) AS renewed,
  COALESCE(f.new_donors, 0) AS new_donors,
  COALESCE(f.recaptured, 0) AS recaptured,
  COALESCE(f.lapsed, 0) AS lapsed,
  {{ ratio('f.renewed', 'f.prior_year_donors') }} AS renewal_rate,
  {{ cast('COALESCE(f.total_giving, 0)', 'decimal') }} AS total_giving,
  {{ as_of() }} AS as_of_date
FROM span AS s
LEFT JOIN flows AS f ON f.fiscal_year = s.fiscal_year
