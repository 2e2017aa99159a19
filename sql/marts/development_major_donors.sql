{#- marts.development_major_donors: the major-donor list: every constituent whose lifecycle stage
    (config/lifecycle.yaml) is major_donor or legacy at the as-of date, with contact details and
    giving, ranked by giving in the last 12 months. Grain: constituent. -#}
{{ config(materialized='table') }}
SELECT
  p.constituent_id,
  c.canonical_first_name AS first_name,
  c.canonical_last_name AS last_name,
  c.canonical_email AS email,
  c.canonical_phone AS phone,
  c.canonical_city AS city,
  c.canonical_state AS state,
  c.canonical_zip AS zip,
  p.lifecycle_stage,
  p.lifecycle_rule,
  p.giving_last_12_months,
  p.lifetime_giving,
  p.largest_gift,
  p.gift_count,
  p.first_gift_date,
  p.last_gift_date,
  p.last_gift_amount,
  p.is_sustainer,
  p.recurring_amount,
  p.estimated_capacity,
  ROW_NUMBER() OVER (ORDER BY p.giving_last_12_months DESC, p.lifetime_giving DESC, p.constituent_id) AS giving_rank,
  p.as_of_date
FROM {{ ref('marts.constituent_profile') }} AS p
JOIN {{ ref('golden.constituents') }} AS c ON c.constituent_id = p.constituent_id
WHERE p.lifecycle_stage IN ('major_donor', 'legacy')
