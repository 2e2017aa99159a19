{#- marts.marketing_campaign_performance: every campaign of dimensions.dim_campaign with what it
    did up to the as-of date: email reach and engagement (messages, unique opens and clicks,
    rates) and posted giving against its goal. Grain: campaign. -#}
{{ config(materialized='table') }}
WITH email AS (
  SELECT campaign_code,
    COUNT(*) AS messages,
    SUM(opened) AS unique_opens,
    SUM(clicked) AS unique_clicks,
    MIN(sent_date) AS first_sent_date
  FROM {{ ref('marts.marketing_email_messages') }}
  GROUP BY campaign_code
),
giving AS (
  SELECT campaign_code,
    COUNT(*) AS gifts,
    COUNT(DISTINCT constituent_id) AS donors,
    SUM(amount) AS amount,
    SUM(CASE WHEN gift_sequence = 1 THEN 1 ELSE 0 END) AS first_gifts
  FROM {{ ref('marts.gifts') }}
  WHERE campaign_code IS NOT NULL
  GROUP BY campaign_code
)
SELECT
  c.campaign_key,
  c.campaign_code,
  c.campaign_name,
  c.campaign_type,
  c.channel,
  c.start_date,
  c.end_date,
  c.is_active,
  COALESCE(e.messages, 0) AS messages,
  COALESCE(e.unique_opens, 0) AS unique_opens,
  COALESCE(e.unique_clicks, 0) AS unique_clicks,
  {{ ratio('e.unique_opens', 'e.messages') }} AS open_rate,
  {{ ratio('e.unique_clicks', 'e.messages') }} AS click_rate,
  COALESCE(g.gifts, 0) AS gifts,
  COALESCE(g.donors, 0) AS donors,
  COALESCE(g.first_gifts, 0) AS first_gifts,
  {{ cast('g.amount', 'decimal') }} AS amount_raised,
  c.goal_amount,
  {{ ratio('g.amount', 'c.goal_amount') }} AS share_of_goal,
  {{ as_of() }} AS as_of_date
FROM {{ ref('dimensions.dim_campaign') }} AS c
LEFT JOIN email AS e ON e.campaign_code = c.campaign_code
LEFT JOIN giving AS g ON g.campaign_code = c.campaign_code
