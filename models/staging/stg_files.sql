with source as (
    select * from {{ source('raw', 'files') }}
)

select
    cast(file_path as varchar) as file_path,
    cast(source_file as varchar) as source_file,
    cast(content_hash as varchar) as content_hash,
    cast(extractor_version as varchar) as extractor_version,
    cast(encoding as varchar) as encoding,
    cast(size_bytes as bigint) as size_bytes,
    cast(n_documents as integer) as n_documents,
    cast(n_measures as integer) as n_measures,
    cast(text as varchar) as file_text,
    cast(run_id as varchar) as run_id,
    cast(ingested_at as timestamp) as ingested_at
from source
