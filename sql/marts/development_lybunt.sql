{#- marts.development_lybunt: "Last Year But Unfortunately Not This": constituents with a posted
    gift in the previous fiscal year and none in the fiscal year holding the as-of date (up to
    it). Grain: constituent. -#}
{{ config(materialized='table') }}
WITH current_year AS (
  SELECT fiscal_year FROM {{ ref('dimensions.dim_date') }} WHERE full_date = {{ as_of() }}
),
by_year AS (
  SELECT g.constituent_id, y.fiscal_year AS current_fiscal_year,
    SUM(CASE WHEN g.fiscal_year = y.fiscal_year THEN g.amount END) AS this_year_giving,
    SUM(CASE WHEN g.fiscal_year = y.fiscal_year - 1 THEN g.amount END) AS last_year_giving
  FROM {{ ref('marts.gifts') }} AS g
  CROSS JOIN current_year AS y
  GROUP BY g.constituent_id, y.fiscal_year
)
SELECT
  b.constituent_id,
  c.canonical_first_name AS first_name,
  c.canonical_last_name AS last_name,
  c.canonical_email AS email,
  c.canonical_phone AS phone,
  c.canonical_city AS city,
  c.canonical_state AS state,
  b.current_fiscal_year,
  {{ cast('b.last_year_giving', 'decimal') }} AS last_year_giving,
  p.last_gift_date,
  p.last_gift_amount,
  p.lifetime_giving,
  p.gift_count,
  p.is_sustainer,
  p.lifecycle_stage,
  p.as_of_date
FROM by_year AS b
JOIN {{ ref('marts.constituent_profile') }} AS p ON p.constituent_id = b.constituent_id
JOIN {{ ref('golden.constituents') }} AS c ON c.constituent_id = b.constituent_id
WHERE b.last_year_giving IS NOT NULL AND b.this_year_giving IS NULL
