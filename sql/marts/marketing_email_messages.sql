{#- marts.marketing_email_messages: one row per recipient and email campaign up to the as-of
    date: when it was sent and whether it was opened or clicked (at any time up to the as-of
    date). Opens and clicks of a campaign with no recorded send are left out. The base of the
    email engagement and campaign performance marts. Grain: constituent x campaign code. -#}
{{ config(materialized='table') }}
WITH messages AS (
  SELECT constituent_id, campaign_code,
    MIN(CASE WHEN event_type = 'email_send' THEN event_date END) AS sent_date,
    SUM(CASE WHEN event_type = 'email_send' THEN 1 ELSE 0 END) AS sends,
    MAX(CASE WHEN event_type = 'email_open' THEN 1 ELSE 0 END) AS opened,
    MAX(CASE WHEN event_type = 'email_click' THEN 1 ELSE 0 END) AS clicked
  FROM {{ ref('golden.engagement_events') }}
  WHERE event_type IN ('email_send', 'email_open', 'email_click')
    AND campaign_code IS NOT NULL
    AND event_date <= {{ as_of() }}
  GROUP BY constituent_id, campaign_code
)
SELECT constituent_id, campaign_code, sent_date,
  {{ cast(date_trunc('month', 'sent_date'), 'date') }} AS sent_month,
  sends, opened, clicked
FROM messages
WHERE sent_date IS NOT NULL
