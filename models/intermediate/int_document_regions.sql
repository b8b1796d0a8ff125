-- The primary region of each document (the region at position 0) with its level and
-- province from the regions seed, plus the document's full region list.

with document_regions as (
    select * from {{ ref('stg_document_regions') }}
),

regions as (
    select * from {{ ref('regions') }}
),

region_lists as (
    select
        document_id,
        count(*) as n_regions,
        string_agg(region_code, ',' order by region_position) as region_codes,
        string_agg(coalesce(region_name, region_code), '、' order by region_position) as region_names
    from document_regions
    group by document_id
),

primary_regions as (
    select *
    from document_regions
    qualify row_number() over (
        partition by document_id
        order by region_position, region_code
    ) = 1
)

select
    primary_regions.document_id,
    primary_regions.region_code,
    coalesce(primary_regions.region_name, regions.region_name) as region_name,
    primary_regions.region_method,
    primary_regions.is_inferred,
    regions.level as region_level,
    regions.parent_code,
    regions.province_code,
    regions.province_name,
    region_lists.n_regions,
    region_lists.region_codes,
    region_lists.region_names
from primary_regions
left join regions
    on primary_regions.region_code = regions.region_code
left join region_lists
    on primary_regions.document_id = region_lists.document_id
