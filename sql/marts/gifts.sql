{#- marts.gifts: every posted donation up to the as-of date, one row per gift, with the fiscal
    periods of dimensions.dim_date: the fact the membership and development marts share.
    Declined and refunded gifts are not giving. gift_sequence numbers each constituent's gifts in
    date order (1 = the first gift on record). -#}
{{ config(materialized='table') }}
SELECT
  e.constituent_id,
  e.source_system,
  e.source_record_id,
  e.source_event_id,
  e.event_date AS gift_date,
  dd.date_key,
  {{ cast(date_trunc('month', 'e.event_date'), 'date') }} AS month_start,
  dd.fiscal_year,
  dd.fiscal_quarter,
  dd.is_pledge_drive,
  {{ cast('e.amount', 'decimal') }} AS amount,
  e.donation_type,
  e.campaign_code,
  ROW_NUMBER() OVER (PARTITION BY e.constituent_id ORDER BY e.event_date, e.event_timestamp, e.source_system, e.source_event_id) AS gift_sequence
FROM {{ ref('golden.engagement_events') }} AS e
LEFT JOIN {{ ref('dimensions.dim_date') }} AS dd ON dd.full_date = e.event_date
WHERE e.event_type = 'donation'
  AND COALESCE(e.event_status, 'posted') = 'posted'
  AND e.amount IS NOT NULL
  AND e.event_date <= {{ as_of() }}
