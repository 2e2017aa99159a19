{#- marts.membership_sustainer_plans: every recurring (sustaining) plan started up to the as-of
    date, one row per plan. A plan ends on its first cancellation or lapse dated on or before the
    as-of date; it is active otherwise. start_kind says how the constituent came to it: a
    conversion (their first plan, after a posted one-time gift), a new donor (their first plan,
    no gift before it) or a restart (a later plan).
    Caveat: monthly_amount is the plan's current amount; an upgrade after the as-of date shows. -#}
{{ config(materialized='table') }}
{% set events = ref('golden.engagement_events') %}
WITH starts AS (
  SELECT constituent_id, source_system, source_stream, source_event_id AS plan_id, event_date AS start_date,
    {{ cast('amount', 'decimal') }} AS monthly_amount
  FROM {{ events }}
  WHERE event_type = 'recurring_start' AND event_date <= {{ as_of() }}
),
ends AS (
  SELECT source_system, source_stream, source_event_id AS plan_id, MIN(event_date) AS end_date, MIN(event_status) AS end_status
  FROM {{ events }}
  WHERE event_type = 'recurring_cancel' AND event_date <= {{ as_of() }}
  GROUP BY source_system, source_stream, source_event_id
),
first_one_time AS (
  SELECT constituent_id, MIN(gift_date) AS first_one_time_date
  FROM {{ ref('marts.gifts') }}
  WHERE donation_type = 'one_time'
  GROUP BY constituent_id
),
numbered AS (
  SELECT s.*, e.end_date, e.end_status, f.first_one_time_date,
    ROW_NUMBER() OVER (PARTITION BY s.constituent_id ORDER BY s.start_date, s.source_system, s.plan_id) AS plan_sequence
  FROM starts AS s
  LEFT JOIN ends AS e ON e.source_system = s.source_system AND e.source_stream = s.source_stream AND e.plan_id = s.plan_id
  LEFT JOIN first_one_time AS f ON f.constituent_id = s.constituent_id
)
SELECT
  constituent_id,
  source_system,
  plan_id,
  start_date,
  {{ cast(date_trunc('month', 'start_date'), 'date') }} AS start_month,
  monthly_amount,
  end_date,
  end_status,
  end_date IS NULL AS is_active,
  plan_sequence,
  CASE WHEN plan_sequence > 1 THEN 'restart'
       WHEN first_one_time_date < start_date THEN 'conversion'
       ELSE 'new_donor' END AS start_kind,
  {{ as_of() }} AS as_of_date
FROM numbered
