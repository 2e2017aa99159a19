{#- Every event of every source (gifts, charges, payments, subscriptions, tickets, email and web
    activity) with its amount and date, from the `events:` mappings in config/sources.yaml.
    A view: the staging tables below it already hold one current row per key, so a copy would
    only cost time and space; the golden layer materialises events with constituent ids. -#}
{{ config(materialized='view') }}
{{ events_union() }}
