-- The primary region of each document (the region at position 0) with its level and
-- province from the regions seed, plus the document's full region list. A copy of another
-- document (duplicate_of) whose own region was not stated by it (an anonymised XX市) takes the
-- original's regions, marked method 'duplicate' and inferred; the raw tables keep what was
-- extracted, so relinking never has to undo anything.

with own_regions as (
    select * from {{ ref('stg_document_regions') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
),

inheriting as (
    select document_id, duplicate_of
    from documents
    where duplicate_of is not null
        and region_status <> 'resolved'
        and duplicate_of in (select document_id from own_regions)
),

document_regions as (
    select * from own_regions
    where document_id not in (select document_id from inheriting)
    union all
    select
        inheriting.document_id,
        own_regions.region_code,
        own_regions.region_name,
        'duplicate' as region_method,
        true as is_inferred,
        own_regions.region_position
    from inheriting
    inner join own_regions
        on inheriting.duplicate_of = own_regions.document_id
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
