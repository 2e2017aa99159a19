{#- dimensions.dim_date: one row per day of calendar.yaml's date_range (blueprint 5.2).
    day_of_week and week_of_year follow ISO 8601 (1 = Monday … 7 = Sunday; weeks start on Monday,
    so January 1 may belong to week 52 or 53). The fiscal year is named by the calendar year it
    ends in (with a July start, FY2026 = 2025-07-01 .. 2026-06-30). Holidays (US federal, with
    observed days) and pledge drives come from config/calendar.yaml through the macros. -#}
{{ config(materialized='table') }}
WITH days AS (
  {{ date_spine('full_date') }}
),
parts AS (
  SELECT full_date,
    {{ date_part('year', 'full_date') }} AS year,
    {{ date_part('month', 'full_date') }} AS month_number,
    {{ date_part('day', 'full_date') }} AS day_of_month,
    {{ date_part('quarter', 'full_date') }} AS quarter,
    {{ date_part('iso_day_of_week', 'full_date') }} AS day_of_week,
    {{ date_part('day_of_year', 'full_date') }} AS day_of_year,
    {{ date_part('iso_week', 'full_date') }} AS week_of_year
  FROM days
)
SELECT
  p.year * 10000 + p.month_number * 100 + p.day_of_month AS date_key,
  p.full_date,
  p.day_of_week,
  {{ day_name('p.day_of_week') }} AS day_name,
  p.day_of_month,
  p.day_of_year,
  p.week_of_year,
  p.month_number,
  {{ month_name('p.month_number') }} AS month_name,
  p.quarter,
  p.year,
  {{ fiscal_year('p.year', 'p.month_number') }} AS fiscal_year,
  {{ fiscal_quarter('p.month_number') }} AS fiscal_quarter,
  p.day_of_week >= 6 AS is_weekend,
  h.holiday_name IS NOT NULL AS is_holiday,
  h.holiday_name,
  pd.drive_name IS NOT NULL AS is_pledge_drive,
  pd.drive_name AS pledge_drive_name
FROM parts AS p
LEFT JOIN {{ holidays('h') }} ON h.holiday_date = p.full_date
LEFT JOIN {{ pledge_drives('pd') }} ON p.full_date BETWEEN pd.drive_start AND pd.drive_end
