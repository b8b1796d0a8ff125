-- Region × core indicator for every province and every region the warehouse holds a document
-- about. status:
--   has_target          a (non-duplicate) document sets a target for the indicator in the region
--   document_no_target  the region has documents, but none sets a target for the indicator
--   no_document         no document about the region (provinces only)

with regions as (
    select * from {{ ref('dim_region') }}
    where has_document or is_province
),

core_indicators as (
    select * from {{ ref('dim_indicator') }}
    where is_core
),

targets as (
    select
        region_code,
        indicator_code,
        count(*) as n_target_measures,
        max(target_year) as latest_target_year
    from {{ ref('int_measures_classified') }}
    where kind = 'target'
      and not is_duplicate
      and region_code is not null
    group by region_code, indicator_code
)

select
    regions.region_code,
    regions.region_name,
    regions.region_level,
    regions.province_code,
    core_indicators.indicator_code,
    core_indicators.name_zh as indicator_name_zh,
    core_indicators.category_code,
    case
        when coalesce(targets.n_target_measures, 0) > 0 then 'has_target'
        when regions.has_document then 'document_no_target'
        else 'no_document'
    end as status,
    regions.n_documents,
    coalesce(targets.n_target_measures, 0) as n_target_measures,
    targets.latest_target_year
from regions
cross join core_indicators
left join targets
    on regions.region_code = targets.region_code
    and core_indicators.indicator_code = targets.indicator_code
