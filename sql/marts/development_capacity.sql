{#- marts.development_capacity: every constituent with a posted gift, with a giving-capacity band
    read from their own giving, beside the scoring models' estimated_capacity once they run.
      major   largest gift >= 1,000 or >= 1,000 given in the last 12 months
      high    largest gift >= 250 or lifetime giving >= 1,000
      medium  largest gift >= 100 or lifetime giving >= 250
      low     the rest
    is_major_gift_prospect marks the people to cultivate: a major or high band (or a high/major
    estimated capacity) who are not major donors or legacy donors yet. Grain: constituent. -#}
{{ config(materialized='table') }}
WITH banded AS (
  SELECT p.*,
    CASE WHEN p.largest_gift >= 1000 OR p.giving_last_12_months >= 1000 THEN 'major'
         WHEN p.largest_gift >= 250 OR p.lifetime_giving >= 1000 THEN 'high'
         WHEN p.largest_gift >= 100 OR p.lifetime_giving >= 250 THEN 'medium'
         ELSE 'low' END AS giving_capacity_band
  FROM {{ ref('marts.constituent_profile') }} AS p
  WHERE p.gift_count > 0
)
SELECT
  b.constituent_id,
  c.canonical_first_name AS first_name,
  c.canonical_last_name AS last_name,
  c.canonical_email AS email,
  c.canonical_city AS city,
  c.canonical_state AS state,
  b.lifecycle_stage,
  b.giving_capacity_band,
  b.estimated_capacity,
  (b.giving_capacity_band IN ('major', 'high') OR COALESCE(b.estimated_capacity, '') IN ('high', 'major'))
    AND b.lifecycle_stage NOT IN ('major_donor', 'legacy') AS is_major_gift_prospect,
  b.largest_gift,
  b.lifetime_giving,
  b.giving_last_12_months,
  b.gift_count,
  b.last_gift_date,
  b.is_sustainer,
  b.as_of_date
FROM banded AS b
JOIN {{ ref('golden.constituents') }} AS c ON c.constituent_id = b.constituent_id
