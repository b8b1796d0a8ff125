-- Regions of the GB/T 2260 seed with whether the warehouse holds any document about them.
-- A document is about a region when the region is on its region list or is the region of one
-- of its measures; duplicate documents are not counted.

with regions as (
    select * from {{ ref('regions') }}
),

documents as (
    select document_id from {{ ref('stg_documents') }}
    where duplicate_of is null
),

measures as (
    select * from {{ ref('int_measures_classified') }}
    where not is_duplicate
),

document_links as (
    select region_code, document_id from {{ ref('stg_document_regions') }}
    union
    select region_code, document_id from measures where region_code is not null
),

documents_per_region as (
    select
        document_links.region_code,
        count(distinct document_links.document_id) as n_documents
    from document_links
    inner join documents
        on document_links.document_id = documents.document_id
    group by document_links.region_code
),

measures_per_region as (
    select region_code, count(*) as n_measures
    from measures
    where region_code is not null
    group by region_code
)

select
    regions.region_code,
    regions.region_name,
    regions.short_name,
    regions.level as region_level,
    regions.parent_code,
    regions.province_code,
    regions.province_name,
    regions.region_code = regions.province_code as is_province,
    coalesce(documents_per_region.n_documents, 0) > 0 as has_document,
    coalesce(documents_per_region.n_documents, 0) as n_documents,
    coalesce(measures_per_region.n_measures, 0) as n_measures
from regions
left join documents_per_region
    on regions.region_code = documents_per_region.region_code
left join measures_per_region
    on regions.region_code = measures_per_region.region_code
