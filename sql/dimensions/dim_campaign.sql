{#- dimensions.dim_campaign: one row per campaign code seen in the golden events up to the as-of
    date (blueprint 5.2). The first `campaigns:` entry of config/calendar.yaml whose pattern
    matches a code gives its name, type, channel, audience and goal; an entry's window gives the
    planned dates of the code's {year}, otherwise the dates are the first and last activity seen
    (an `ongoing` code has no end). actual_amount is the sum of the code's posted donations (NULL
    for a code with no donation activity, such as an email campaign). campaign_key numbers codes
    by first activity, so codes that arrive later are appended. -#}
{{ config(materialized='table') }}
WITH activity AS (
  SELECT campaign_code,
    MIN(event_date) AS first_activity_date,
    MAX(event_date) AS last_activity_date,
    MAX(CASE WHEN event_type = 'donation' THEN 1 ELSE 0 END) AS has_donations,
    SUM(CASE WHEN event_type = 'donation' AND COALESCE(event_status, 'posted') = 'posted' THEN amount ELSE 0 END) AS posted_amount
  FROM {{ ref('golden.engagement_events') }}
  WHERE campaign_code IS NOT NULL AND event_date <= {{ as_of() }}
  GROUP BY campaign_code
),
matched AS (
  SELECT a.*,
    {{ campaign_entry('a.campaign_code') }} AS entry,
    {{ campaign_year('a.campaign_code') }} AS code_year,
    {{ campaign_month('a.campaign_code') }} AS code_month
  FROM activity AS a
),
dated AS (
  SELECT m.*, e.name_template, e.campaign_type, e.channel, e.target_audience, e.goal_amount, e.ongoing,
    COALESCE(w.start_date, m.first_activity_date) AS start_date,
    CASE WHEN w.end_date IS NOT NULL THEN w.end_date WHEN e.ongoing THEN NULL ELSE m.last_activity_date END AS end_date
  FROM matched AS m
  LEFT JOIN {{ campaign_entries('e') }} ON e.entry = m.entry
  LEFT JOIN {{ campaign_windows('w') }} ON w.entry = m.entry AND w.window_year = m.code_year
)
SELECT
  ROW_NUMBER() OVER (ORDER BY first_activity_date, campaign_code) AS campaign_key,
  campaign_code,
  COALESCE(REPLACE(REPLACE(REPLACE(name_template, '{code}', campaign_code), '{year}', COALESCE({{ cast('code_year', 'text') }}, '')), '{month}', COALESCE(code_month, '')), campaign_code) AS campaign_name,
  campaign_type,
  start_date,
  end_date,
  channel,
  target_audience,
  goal_amount,
  CASE WHEN has_donations = 1 THEN {{ cast('posted_amount', 'decimal') }} END AS actual_amount,
  COALESCE(ongoing, FALSE) OR ({{ as_of() }} >= start_date AND {{ as_of() }} <= end_date) AS is_active,
  first_activity_date,
  last_activity_date
FROM dated
