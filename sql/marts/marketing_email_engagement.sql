{#- marts.marketing_email_engagement: email engagement by segment and month. Segments are the
    constituent's lifecycle stage and cross-platform audience segment at the as-of date
    (marketing_audience). A message is one campaign sent to one person, in the month it was
    sent; open_rate and click_rate are unique opens and clicks per message, click_to_open_rate
    clicks per open. Unsubscribes carry no campaign code in the sources, so they count in the
    month they happened. Grain: month x lifecycle_stage x audience_segment. -#}
{{ config(materialized='table') }}
{% set audience = ref('marts.marketing_audience') %}
WITH activity AS (
  SELECT m.sent_month AS month_start, a.lifecycle_stage, a.audience_segment,
    m.constituent_id, 1 AS messages, m.sends, m.opened, m.clicked, 0 AS unsubscribes
  FROM {{ ref('marts.marketing_email_messages') }} AS m
  JOIN {{ audience }} AS a ON a.constituent_id = m.constituent_id
  UNION ALL
  SELECT {{ cast(date_trunc('month', 'e.event_date'), 'date') }}, a.lifecycle_stage, a.audience_segment,
    {{ cast('NULL', 'text') }}, 0, 0, 0, 0, 1
  FROM {{ ref('golden.engagement_events') }} AS e
  JOIN {{ audience }} AS a ON a.constituent_id = e.constituent_id
  WHERE e.event_type = 'email_unsubscribe' AND e.event_date <= {{ as_of() }}
),
totals AS (
  SELECT month_start, lifecycle_stage, audience_segment,
    COUNT(DISTINCT constituent_id) AS recipients,
    SUM(messages) AS messages,
    SUM(sends) AS sends,
    SUM(opened) AS unique_opens,
    SUM(clicked) AS unique_clicks,
    SUM(unsubscribes) AS unsubscribes
  FROM activity
  GROUP BY month_start, lifecycle_stage, audience_segment
)
SELECT
  t.month_start,
  dd.fiscal_year,
  t.lifecycle_stage,
  t.audience_segment,
  t.recipients,
  t.messages,
  t.sends,
  t.unique_opens,
  t.unique_clicks,
  t.unsubscribes,
  {{ ratio('t.unique_opens', 't.messages') }} AS open_rate,
  {{ ratio('t.unique_clicks', 't.messages') }} AS click_rate,
  {{ ratio('t.unique_clicks', 't.unique_opens') }} AS click_to_open_rate,
  {{ as_of() }} AS as_of_date
FROM totals AS t
LEFT JOIN {{ ref('dimensions.dim_date') }} AS dd ON dd.full_date = t.month_start
