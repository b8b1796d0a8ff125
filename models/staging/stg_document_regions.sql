with source as (
    select * from {{ source('raw', 'document_regions') }}
)

select
    cast(document_id as varchar) as document_id,
    cast(region_code as varchar) as region_code,
    cast(region_name as varchar) as region_name,
    cast(method as varchar) as region_method,
    cast(inferred as boolean) as is_inferred,
    cast(position as integer) as region_position
from source
