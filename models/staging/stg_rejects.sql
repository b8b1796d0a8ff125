with source as (
    select * from {{ source('raw', 'rejects') }}
)

select
    cast(run_id as varchar) as run_id,
    cast(file_path as varchar) as file_path,
    cast(source_file as varchar) as source_file,
    cast(reason as varchar) as reject_reason,
    cast(rejected_at as timestamp) as rejected_at
from source
