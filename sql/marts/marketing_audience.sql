{#- marts.marketing_audience: every golden constituent with the platforms they are active on at
    the as-of date. Grain: constituent.
      is_station_donor         a posted donation in the trailing 12 months (the dictionary's
                               active_member)
      is_newspaper_subscriber  a subscription active at the as-of date
      is_event_attendee        a ticket order (not refunded) in the trailing 12 months
      is_email_reachable       sent an email in the trailing 12 months and not unsubscribed since
      is_email_engaged         opened or clicked an email in the trailing 12 months
      is_web_visitor           an identified web visit in the trailing 12 months
    audience_segment is the cross-platform overlap: station_and_newspaper, station_only,
    newspaper_only or neither. -#}
{{ config(materialized='table') }}
{% set window_start = date_add(as_of(), -12, 'month') %}
WITH activity AS (
  SELECT constituent_id,
    MAX(CASE WHEN event_type = 'ticket_purchase' AND COALESCE(event_status, '') <> 'refunded' AND event_date >= {{ window_start }} THEN 1 ELSE 0 END) AS attended,
    MAX(CASE WHEN event_type = 'email_send' THEN event_date END) AS last_send_date,
    MAX(CASE WHEN event_type = 'email_unsubscribe' THEN event_date END) AS last_unsubscribe_date,
    MAX(CASE WHEN event_type IN ('email_open', 'email_click') AND event_date >= {{ window_start }} THEN 1 ELSE 0 END) AS engaged,
    MAX(CASE WHEN event_type = 'web_visit' AND event_date >= {{ window_start }} THEN 1 ELSE 0 END) AS visited
  FROM {{ ref('golden.engagement_events') }}
  WHERE event_type IN ('ticket_purchase', 'email_send', 'email_unsubscribe', 'email_open', 'email_click', 'web_visit')
    AND event_date <= {{ as_of() }}
  GROUP BY constituent_id
),
flags AS (
  SELECT
    p.constituent_id,
    p.lifecycle_stage,
    p.gave_last_12_months AS is_station_donor,
    p.is_newspaper_subscriber,
    p.is_sustainer,
    COALESCE(a.attended, 0) = 1 AS is_event_attendee,
    COALESCE(a.last_send_date >= {{ window_start }} AND (a.last_unsubscribe_date IS NULL OR a.last_unsubscribe_date < a.last_send_date), FALSE) AS is_email_reachable,
    COALESCE(a.engaged, 0) = 1 AS is_email_engaged,
    COALESCE(a.visited, 0) = 1 AS is_web_visitor,
    p.as_of_date
  FROM {{ ref('marts.constituent_profile') }} AS p
  LEFT JOIN activity AS a ON a.constituent_id = p.constituent_id
)
SELECT
  constituent_id,
  lifecycle_stage,
  is_station_donor,
  is_newspaper_subscriber,
  is_sustainer,
  is_event_attendee,
  is_email_reachable,
  is_email_engaged,
  is_web_visitor,
  CASE WHEN is_station_donor AND is_newspaper_subscriber THEN 'station_and_newspaper'
       WHEN is_station_donor THEN 'station_only'
       WHEN is_newspaper_subscriber THEN 'newspaper_only'
       ELSE 'neither' END AS audience_segment,
  (CASE WHEN is_station_donor THEN 1 ELSE 0 END) + (CASE WHEN is_newspaper_subscriber THEN 1 ELSE 0 END)
    + (CASE WHEN is_event_attendee THEN 1 ELSE 0 END) + (CASE WHEN is_email_engaged THEN 1 ELSE 0 END)
    + (CASE WHEN is_web_visitor THEN 1 ELSE 0 END) AS active_platforms,
  as_of_date
FROM flags
