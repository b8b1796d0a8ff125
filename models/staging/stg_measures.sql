with source as (
    select * from {{ source('raw', 'measures') }}
)

select
    cast(measure_id as varchar) as measure_id,
    cast(document_id as varchar) as document_id,
    cast(source_file as varchar) as source_file,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    cast(nullif(trim(region_code), '') as varchar) as region_code,
    cast(nullif(trim(region_name), '') as varchar) as region_name,
    cast(indicator_code as varchar) as indicator_code,
    cast(subject as varchar) as subject,
    cast(value as double) as value,
    cast(unit as varchar) as unit,
    cast(comparator as varchar) as comparator,
    cast(kind as varchar) as kind,
    cast(baseline_value as double) as baseline_value,
    cast(target_year as integer) as target_year,
    cast(evidence as varchar) as evidence,
    cast(number_text as varchar) as number_text,
    cast(unit_text as varchar) as unit_text,
    cast(run_id as varchar) as run_id,
    cast(trace as varchar) as trace
from source
