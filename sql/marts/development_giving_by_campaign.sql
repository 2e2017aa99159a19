{#- marts.development_giving_by_campaign: posted giving per campaign and fiscal year, with the
    campaign's attributes from dimensions.dim_campaign. Gifts without a campaign code form their
    own row (campaign_code NULL). first_gifts counts gifts that were the donor's first on record:
    the campaigns that bring new donors. Grain: campaign x fiscal year. -#}
{{ config(materialized='table') }}
SELECT
  c.campaign_key,
  g.campaign_code,
  c.campaign_name,
  c.campaign_type,
  c.channel,
  g.fiscal_year,
  COUNT(*) AS gifts,
  COUNT(DISTINCT g.constituent_id) AS donors,
  {{ cast('SUM(g.amount)', 'decimal') }} AS total_amount,
  {{ ratio('SUM(g.amount)', 'COUNT(*)') }} AS average_gift,
  SUM(CASE WHEN g.gift_sequence = 1 THEN 1 ELSE 0 END) AS first_gifts,
  SUM(CASE WHEN g.is_pledge_drive THEN 1 ELSE 0 END) AS gifts_during_pledge_drives,
  c.goal_amount,
  {{ as_of() }} AS as_of_date
FROM {{ ref('marts.gifts') }} AS g
LEFT JOIN {{ ref('dimensions.dim_campaign') }} AS c ON c.campaign_code = g.campaign_code
GROUP BY c.campaign_key, g.campaign_code, c.campaign_name, c.campaign_type, c.channel, g.fiscal_year, c.goal_amount
