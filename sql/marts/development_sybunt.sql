{#- marts.development_sybunt: "Some Year But Unfortunately Not This": constituents whose last
    posted gift is in a fiscal year before the previous one: no gift last year nor this year (so
    no LYBUNT is also a SYBUNT). Grain: constituent. -#}
{{ config(materialized='table') }}
WITH current_year AS (
  SELECT fiscal_year FROM {{ ref('dimensions.dim_date') }} WHERE full_date = {{ as_of() }}
),
last_years AS (
  SELECT constituent_id, MAX(fiscal_year) AS last_gift_fiscal_year FROM {{ ref('marts.gifts') }} GROUP BY constituent_id
)
SELECT
  l.constituent_id,
  c.canonical_first_name AS first_name,
  c.canonical_last_name AS last_name,
  c.canonical_email AS email,
  c.canonical_phone AS phone,
  c.canonical_city AS city,
  c.canonical_state AS state,
  y.fiscal_year AS current_fiscal_year,
  l.last_gift_fiscal_year,
  y.fiscal_year - l.last_gift_fiscal_year AS fiscal_years_since_last_gift,
  p.last_gift_date,
  p.last_gift_amount,
  p.largest_gift,
  p.lifetime_giving,
  p.gift_count,
  p.lifecycle_stage,
  p.as_of_date
FROM last_years AS l
CROSS JOIN current_year AS y
JOIN {{ ref('marts.constituent_profile') }} AS p ON p.constituent_id = l.constituent_id
JOIN {{ ref('golden.constituents') }} AS c ON c.constituent_id = l.constituent_id
WHERE l.last_gift_fiscal_year < y.fiscal_year - 1
