{#- marts.constituent_profile: one row per golden constituent, as of the as-of date, with the
    fields config/lifecycle.yaml's rules test (src/config/lifecycle-schema.ts lists them) and the
    stage and rule that classified them. The pipeline copies lifecycle_stage into
    golden.constituents. "Gave in the last 12 months" is the dictionary's active_member: a posted
    donation on or after the as-of date minus 12 months. -#}
{{ config(materialized='table') }}
{% set events = ref('golden.engagement_events') %}
{% set gifts = ref('marts.gifts') %}
WITH giving AS (
  SELECT constituent_id,
    SUM(amount) AS lifetime_giving,
    COUNT(*) AS gift_count,
    MAX(amount) AS largest_gift,
    MIN(gift_date) AS first_gift_date,
    MAX(gift_date) AS last_gift_date,
    SUM(CASE WHEN gift_date >= {{ date_add(as_of(), -12, 'month') }} THEN amount ELSE 0 END) AS giving_last_12_months,
    MAX(CASE WHEN {{ planned_gift('g') }} THEN 1 ELSE 0 END) AS planned_gifts
  FROM {{ gifts }} AS g
  GROUP BY constituent_id
),
plans AS (
  SELECT constituent_id, SUM(monthly_amount) AS recurring_amount
  FROM {{ ref('marts.membership_sustainer_plans') }}
  WHERE is_active
  GROUP BY constituent_id
),
subscription_ends AS (
  SELECT DISTINCT source_system, source_stream, source_event_id
  FROM {{ events }}
  WHERE event_type = 'subscription_cancel' AND event_date <= {{ as_of() }}
),
subscribers AS (
  -- A subscription counts from its start until a cancellation or expiry dated on or before the as-of date.
  SELECT DISTINCT s.constituent_id
  FROM {{ events }} AS s
  LEFT JOIN subscription_ends AS x ON x.source_system = s.source_system AND x.source_stream = s.source_stream AND x.source_event_id = s.source_event_id
  WHERE s.event_type = 'subscription_start' AND s.event_date <= {{ as_of() }} AND x.source_event_id IS NULL
),
profile AS (
  SELECT
    c.constituent_id,
    pl.constituent_id IS NOT NULL AS is_sustainer,
    pl.recurring_amount,
    {{ cast('COALESCE(g.lifetime_giving, 0)', 'decimal') }} AS lifetime_giving,
    COALESCE(g.gift_count, 0) AS gift_count,
    {{ cast('g.largest_gift', 'decimal') }} AS largest_gift,
    g.first_gift_date,
    g.last_gift_date,
    lg.amount AS last_gift_amount,
    {{ cast('COALESCE(g.giving_last_12_months, 0)', 'decimal') }} AS giving_last_12_months,
    COALESCE(g.last_gift_date >= {{ date_add(as_of(), -12, 'month') }}, FALSE) AS gave_last_12_months,
    {{ date_diff('day', 'g.last_gift_date', as_of()) }} AS days_since_last_gift,
    COALESCE(g.planned_gifts, 0) = 1 AS has_planned_gift,
    s.constituent_id IS NOT NULL AS is_newspaper_subscriber,
    c.estimated_capacity
  FROM {{ ref('golden.constituents') }} AS c
  LEFT JOIN giving AS g ON g.constituent_id = c.constituent_id
  LEFT JOIN {{ gifts }} AS lg ON lg.constituent_id = c.constituent_id AND lg.gift_sequence = g.gift_count
  LEFT JOIN plans AS pl ON pl.constituent_id = c.constituent_id
  LEFT JOIN subscribers AS s ON s.constituent_id = c.constituent_id
)
SELECT p.*,
  {{ lifecycle_stage('p') }} AS lifecycle_stage,
  {{ lifecycle_rule('p') }} AS lifecycle_rule,
  {{ as_of() }} AS as_of_date
FROM profile AS p
