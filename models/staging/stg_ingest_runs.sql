with source as (
    select * from {{ source('raw', 'ingest_runs') }}
)

select
    cast(run_id as varchar) as run_id,
    cast(command as varchar) as command,
    cast(started_at as timestamp) as started_at,
    cast(finished_at as timestamp) as finished_at,
    cast(status as varchar) as run_status,
    cast(files_seen as integer) as files_seen,
    cast(files_ingested as integer) as files_ingested,
    cast(files_skipped as integer) as files_skipped,
    cast(files_rejected as integer) as files_rejected,
    cast(documents as integer) as n_documents,
    cast(measures as integer) as n_measures,
    cast(extractor_version as varchar) as extractor_version,
    cast(message as varchar) as message
from source
