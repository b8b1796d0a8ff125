with source as (
    select * from {{ source('raw', 'documents') }}
)

select
    cast(document_id as varchar) as document_id,
    cast(file_path as varchar) as file_path,
    cast(source_file as varchar) as source_file,
    cast(ordinal as integer) as ordinal,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    cast(title as varchar) as title,
    cast(issuer as varchar) as issuer,
    cast(doc_number as varchar) as doc_number,
    cast(issue_date as date) as issue_date,
    cast(period_start as integer) as period_start,
    cast(period_end as integer) as period_end,
    cast(period_label as varchar) as period_label,
    cast(doc_type as varchar) as doc_type,
    cast(region_status as varchar) as region_status,
    cast(content_hash as varchar) as content_hash,
    cast(nullif(trim(duplicate_of), '') as varchar) as duplicate_of,
    cast(run_id as varchar) as run_id
from source
