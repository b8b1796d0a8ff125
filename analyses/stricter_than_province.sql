-- Question: which cities and counties set a stricter target than their own province, for which
-- indicator and year, and by how much? (difference is in the indicator's canonical unit;
-- negative = lower than the province, which is stricter for time limits.)

select
    hierarchy.province_name,
    hierarchy.region_name,
    hierarchy.region_level,
    indicators.name_zh as indicator,
    hierarchy.target_year,
    hierarchy.target_value,
    hierarchy.province_target_value,
    hierarchy.difference,
    hierarchy.canonical_unit,
    hierarchy.evidence
from {{ ref('mart_hierarchy') }} as hierarchy
inner join {{ ref('dim_indicator') }} as indicators
    on hierarchy.indicator_code = indicators.indicator_code
where hierarchy.comparison = 'stricter'
order by hierarchy.province_name, hierarchy.region_name, indicators.category_sort_order, hierarchy.target_year
