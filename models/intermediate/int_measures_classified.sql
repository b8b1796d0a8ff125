-- Every measure with what the seeds say about it: the indicator's category, better direction
-- and core flag; the unit's kind, canonical unit and the value in that unit. A measure without
-- a region takes its document's primary region. Measures of a duplicate document are flagged
-- so that marts count each measure once.

with measures as (
    select * from {{ ref('stg_measures') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
),

document_regions as (
    select * from {{ ref('int_document_regions') }}
),

indicators as (
    select * from {{ ref('indicators') }}
),

units as (
    select * from {{ ref('units') }}
),

regions as (
    select * from {{ ref('regions') }}
),

with_region as (
    select
        measures.*,
        -- a copy inherits its original's region for all of its measures
        case
            when document_regions.region_method = 'duplicate' then document_regions.region_code
            else coalesce(measures.region_code, document_regions.region_code)
        end as resolved_region_code,
        case
            when document_regions.region_method = 'duplicate' or measures.region_code is null
                then document_regions.region_name
            else measures.region_name
        end as resolved_region_name,
        (measures.region_code is null or document_regions.region_method = 'duplicate')
            and document_regions.region_code is not null as is_region_from_document
    from measures
    left join document_regions
        on measures.document_id = document_regions.document_id
)

select
    with_region.measure_id,
    with_region.document_id,
    with_region.source_file,
    with_region.char_start,
    with_region.char_end,
    with_region.resolved_region_code as region_code,
    coalesce(with_region.resolved_region_name, regions.region_name) as region_name,
    with_region.is_region_from_document,
    with_region.indicator_code,
    indicators.category_code,
    coalesce(indicators.is_core, false) as is_core,
    indicators.better,
    indicators.canonical_unit as indicator_canonical_unit,
    -- the kind of the indicator's own unit, in the units seed's terms (duration, ratio, ...)
    indicator_units.unit_kind as indicator_unit_kind,
    with_region.subject,
    with_region.value,
    with_region.unit,
    units.unit_kind,
    units.canonical_unit,
    with_region.value * units.to_canonical_factor as value_canonical,
    with_region.baseline_value * units.to_canonical_factor as baseline_value_canonical,
    coalesce(units.canonical_unit = indicators.canonical_unit, false) as is_in_indicator_unit,
    with_region.comparator,
    with_region.kind,
    with_region.baseline_value,
    with_region.target_year,
    with_region.evidence,
    with_region.number_text,
    with_region.unit_text,
    with_region.trace,
    documents.issue_date,
    documents.period_start,
    documents.period_end,
    documents.duplicate_of,
    documents.duplicate_of is not null as is_duplicate
from with_region
left join documents
    on with_region.document_id = documents.document_id
left join indicators
    on with_region.indicator_code = indicators.indicator_code
left join units
    on with_region.unit = units.unit
left join units as indicator_units
    on indicators.canonical_unit = indicator_units.unit
left join regions
    on with_region.resolved_region_code = regions.region_code
