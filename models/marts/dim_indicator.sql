-- The indicator taxonomy with its first-level category and how much the warehouse holds on it.

with indicators as (
    select * from {{ ref('indicators') }}
),

categories as (
    select * from {{ ref('indicator_categories') }}
),

measures_per_indicator as (
    select indicator_code, count(*) as n_measures
    from {{ ref('int_measures_classified') }}
    where not is_duplicate
    group by indicator_code
),

targets_per_indicator as (
    select indicator_code, count(distinct region_code) as n_regions_with_target
    from {{ ref('int_targets') }}
    group by indicator_code
)

select
    indicators.indicator_code,
    indicators.name_zh,
    indicators.name_en,
    indicators.category_code,
    categories.category_zh,
    categories.category_en,
    categories.sort_order as category_sort_order,
    indicators.unit_kind,
    indicators.canonical_unit,
    indicators.better,
    indicators.scope_note,
    indicators.is_core,
    indicators.parent_code,
    coalesce(measures_per_indicator.n_measures, 0) as n_measures,
    coalesce(targets_per_indicator.n_regions_with_target, 0) as n_regions_with_target
from indicators
left join categories
    on indicators.category_code = categories.category_code
left join measures_per_indicator
    on indicators.indicator_code = measures_per_indicator.indicator_code
left join targets_per_indicator
    on indicators.indicator_code = targets_per_indicator.indicator_code
