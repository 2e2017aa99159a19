{#- marts.marketing_audience_overlap: the cross-platform audience in four segments, people who
    are both station donors and newspaper subscribers among them, with how many of each segment
    also attend events, read email and visit the web. Grain: audience segment (always four rows). -#}
{{ config(materialized='table') }}
WITH segments AS (
  SELECT 1 AS segment_order, 'station_and_newspaper' AS audience_segment
  UNION ALL SELECT 2, 'station_only'
  UNION ALL SELECT 3, 'newspaper_only'
  UNION ALL SELECT 4, 'neither'
),
audience AS (
  SELECT * FROM {{ ref('marts.marketing_audience') }}
),
counts AS (
  SELECT audience_segment,
    COUNT(*) AS constituents,
    SUM(CASE WHEN is_sustainer THEN 1 ELSE 0 END) AS sustainers,
    SUM(CASE WHEN is_event_attendee THEN 1 ELSE 0 END) AS event_attendees,
    SUM(CASE WHEN is_email_reachable THEN 1 ELSE 0 END) AS email_reachable,
    SUM(CASE WHEN is_email_engaged THEN 1 ELSE 0 END) AS email_engaged,
    SUM(CASE WHEN is_web_visitor THEN 1 ELSE 0 END) AS web_visitors
  FROM audience
  GROUP BY audience_segment
)
SELECT
  s.segment_order,
  s.audience_segment,
  COALESCE(c.constituents, 0) AS constituents,
  {{ ratio('COALESCE(c.constituents, 0)', '(SELECT COUNT(*) FROM audience)') }} AS share_of_constituents,
  COALESCE(c.sustainers, 0) AS sustainers,
  COALESCE(c.event_attendees, 0) AS event_attendees,
  COALESCE(c.email_reachable, 0) AS email_reachable,
  COALESCE(c.email_engaged, 0) AS email_engaged,
  COALESCE(c.web_visitors, 0) AS web_visitors,
  {{ as_of() }} AS as_of_date
FROM segments AS s
LEFT JOIN counts AS c ON c.audience_segment = s.audience_segment
