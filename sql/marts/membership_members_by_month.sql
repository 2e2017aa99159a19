{#- marts.membership_members_by_month: members by status at the end of each month, from the
    first month with a gift on record to the as-of date (the as-of month ends on the as-of date).
    Grain: month x member_status.
      sustainer  a recurring plan active at the month's end (membership_sustainer_plans)
      one_time   not a sustainer, and a posted donation in the 12 months up to the month's end
                 (the dictionary's active_member: an "active member" is a posted donation in the
                 trailing 12 months)
      lapsed     gave before, but neither of the above at the month's end
    sustainer + one_time are the active members, except a sustainer whose every charge in the
    window was declined, who counts as a sustainer but is not an active_member. -#}
{{ config(materialized='table') }}
{% set gifts = ref('marts.gifts') %}
WITH months AS (
  SELECT year, month_number, MIN(full_date) AS month_start, MAX(full_date) AS month_end,
    MIN(fiscal_year) AS fiscal_year, MIN(fiscal_quarter) AS fiscal_quarter
  FROM {{ ref('dimensions.dim_date') }}
  WHERE full_date <= {{ as_of() }}
    AND full_date >= (SELECT MIN(month_start) FROM {{ gifts }})
  GROUP BY year, month_number
),
gift_months AS (
  -- Each donor's latest gift per month: enough to tell whether a 12-month window holds a gift.
  SELECT constituent_id, month_start, MAX(gift_date) AS last_gift_date
  FROM {{ gifts }}
  GROUP BY constituent_id, month_start
),
active AS (
  SELECT DISTINCT m.month_start, g.constituent_id
  FROM months AS m
  JOIN gift_months AS g ON g.last_gift_date <= m.month_end AND g.last_gift_date >= {{ date_add('m.month_end', -12, 'month') }}
),
sustainers AS (
  SELECT DISTINCT m.month_start, p.constituent_id
  FROM months AS m
  JOIN {{ ref('marts.membership_sustainer_plans') }} AS p ON p.start_date <= m.month_end AND (p.end_date IS NULL OR p.end_date > m.month_end)
),
statuses AS (
  -- A sustainer with recent gifts counts once, as a sustainer.
  SELECT month_start, constituent_id, MIN(priority) AS priority
  FROM (
    SELECT month_start, constituent_id, 1 AS priority FROM sustainers
    UNION ALL
    SELECT month_start, constituent_id, 2 AS priority FROM active
  ) AS s
  GROUP BY month_start, constituent_id
),
first_gifts AS (
  SELECT constituent_id, MIN(gift_date) AS first_gift_date FROM {{ gifts }} GROUP BY constituent_id
),
donors_to_date AS (
  SELECT m.month_start, COUNT(*) AS donors
  FROM months AS m JOIN first_gifts AS f ON f.first_gift_date <= m.month_end
  GROUP BY m.month_start
),
counts AS (
  SELECT m.month_start,
    SUM(CASE WHEN s.priority = 1 THEN 1 ELSE 0 END) AS sustainers,
    SUM(CASE WHEN s.priority = 2 THEN 1 ELSE 0 END) AS one_time,
    SUM(CASE WHEN f.first_gift_date <= m.month_end THEN 1 ELSE 0 END) AS current_donors
  FROM months AS m
  JOIN statuses AS s ON s.month_start = m.month_start
  LEFT JOIN first_gifts AS f ON f.constituent_id = s.constituent_id
  GROUP BY m.month_start
),
per_month AS (
  SELECT m.*,
    COALESCE(c.sustainers, 0) AS sustainers,
    COALESCE(c.one_time, 0) AS one_time,
    COALESCE(d.donors, 0) - COALESCE(c.current_donors, 0) AS lapsed
  FROM months AS m
  LEFT JOIN counts AS c ON c.month_start = m.month_start
  LEFT JOIN donors_to_date AS d ON d.month_start = m.month_start
)
SELECT month_start, month_end, year, month_number, fiscal_year, fiscal_quarter, 'sustainer' AS member_status, sustainers AS members, {{ as_of() }} AS as_of_date FROM per_month
UNION ALL
SELECT month_start, month_end, year, month_number, fiscal_year, fiscal_quarter, 'one_time', one_time, {{ as_of() }} FROM per_month
UNION ALL
SELECT month_start, month_end, year, month_number, fiscal_year, fiscal_quarter, 'lapsed', lapsed, {{ as_of() }} FROM per_month
