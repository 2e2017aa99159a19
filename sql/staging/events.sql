{#- Every event of every source (gifts, charges, payments, subscriptions, tickets, email and web
    activity) with its amount and date, from the `events:` mappings in config/sources.yaml. -#}
{{ config(
    materialized='incremental',
    unique_key=['source_system', 'event_id'],
    current_first=['_batch_id DESC'],
    update_when='s._batch_id >= t._batch_id'
) }}
{{ events_union() }}
