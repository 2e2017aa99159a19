{#- Every person-like record of every source in one standard shape: the input of identity
    resolution. The union is written from the `person:` mappings in config/sources.yaml. -#}
{{ config(
    materialized='incremental',
    unique_key=['source_system', 'source_record_id'],
    current_first=['_batch_id DESC', 'updated_at DESC NULLS LAST'],
    update_when='s._batch_id >= t._batch_id'
) }}
{{ person_records_union() }}
