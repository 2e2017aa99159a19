{#- marts.membership_sustainer_conversions: new sustaining plans per month, by how the
    constituent came to them (membership_sustainer_plans.start_kind), over the months of
    membership_members_by_month. conversion_rate = conversions / one-time members at the end of
    the month before. Grain: month. -#}
{{ config(materialized='table') }}
WITH months AS (
  SELECT month_start, month_end, fiscal_year, fiscal_quarter, members AS one_time_members
  FROM {{ ref('marts.membership_members_by_month') }}
  WHERE member_status = 'one_time'
),
starts AS (
  SELECT m.month_start,
    COUNT(p.plan_id) AS plan_starts,
    SUM(CASE WHEN p.start_kind = 'conversion' THEN 1 ELSE 0 END) AS conversions,
    SUM(CASE WHEN p.start_kind = 'new_donor' THEN 1 ELSE 0 END) AS new_donor_starts,
    SUM(CASE WHEN p.start_kind = 'restart' THEN 1 ELSE 0 END) AS restarts,
    SUM(p.monthly_amount) AS monthly_amount_started
  FROM months AS m
  JOIN {{ ref('marts.membership_sustainer_plans') }} AS p ON p.start_date >= m.month_start AND p.start_date <= m.month_end
  GROUP BY m.month_start
),
with_prior AS (
  SELECT m.*, LAG(m.one_time_members) OVER (ORDER BY m.month_start) AS one_time_members_prior_month
  FROM months AS m
)
SELECT
  w.month_start,
  w.fiscal_year,
  w.fiscal_quarter,
  COALESCE(s.plan_starts, 0) AS plan_starts,
  COALESCE(s.conversions, 0) AS conversions,
  COALESCE(s.new_donor_starts, 0) AS new_donor_starts,
  COALESCE(s.restarts, 0) AS restarts,
  {{ cast('COALESCE(s.monthly_amount_started, 0)', 'decimal') }} AS monthly_amount_started,
  w.one_time_members_prior_month,
  {{ ratio('COALESCE(s.conversions, 0)', 'w.one_time_members_prior_month') }} AS conversion_rate,
  {{ as_of() }} AS as_of_date
FROM with_prior AS w
LEFT JOIN starts AS s ON s.month_start = w.month_start
