-- Policy documents with their primary region, full region list, duplicate link and the number
-- of measures extracted from each.

with documents as (
    select * from {{ ref('stg_documents') }}
),

document_regions as (
    select * from {{ ref('int_document_regions') }}
),

measures_per_document as (
    select document_id, count(*) as n_measures
    from {{ ref('stg_measures') }}
    group by document_id
)

select
    documents.document_id,
    documents.title,
    documents.issuer,
    documents.doc_number,
    documents.issue_date,
    documents.period_start,
    documents.period_end,
    documents.period_label,
    documents.doc_type,
    coalesce(documents.period_end, year(documents.issue_date)) as document_year,
    document_regions.region_code as primary_region_code,
    document_regions.region_name as primary_region_name,
    document_regions.region_level as primary_region_level,
    document_regions.province_code,
    document_regions.province_name,
    coalesce(document_regions.n_regions, 0) as n_regions,
    document_regions.region_codes,
    document_regions.region_names,
    case
        when document_regions.region_method = 'duplicate' then 'inferred'
        else documents.region_status
    end as region_status,
    document_regions.region_method = 'duplicate' as is_region_inherited,
    documents.content_hash,
    documents.duplicate_of,
    documents.duplicate_of is not null as is_duplicate,
    coalesce(measures_per_document.n_measures, 0) as n_measures,
    documents.file_path,
    documents.source_file,
    documents.ordinal,
    documents.char_start,
    documents.char_end
from documents
left join document_regions
    on documents.document_id = document_regions.document_id
left join measures_per_document
    on documents.document_id = measures_per_document.document_id
