-- A prefecture's or county's strictest target beside its province's strictest target for the
-- same indicator and year: is the lower level stricter than, the same as, or looser than the
-- province? Only pairs where both set a target appear.

with comparison as (
    select * from {{ ref('mart_region_comparison') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

lower_levels as (
    select
        comparison.* exclude (region_level, province_code),
        regions.region_level,
        regions.province_code,
        regions.province_name
    from comparison
    inner join regions
        on comparison.region_code = regions.region_code
    where not regions.is_province
)

select
    lower_levels.region_code,
    lower_levels.region_name,
    lower_levels.region_level,
    lower_levels.province_code,
    lower_levels.province_name,
    lower_levels.indicator_code,
    lower_levels.category_code,
    lower_levels.target_year,
    lower_levels.better,
    lower_levels.canonical_unit,
    lower_levels.target_value,
    provinces.target_value as province_target_value,
    lower_levels.target_value - provinces.target_value as difference,
    {{ compare_strictness('lower_levels.target_value', 'provinces.target_value', 'lower_levels.better') }} as comparison,
    lower_levels.document_id,
    provinces.document_id as province_document_id,
    lower_levels.evidence,
    provinces.evidence as province_evidence
from lower_levels
inner join comparison as provinces
    on lower_levels.province_code = provinces.region_code
    and lower_levels.indicator_code = provinces.indicator_code
    and lower_levels.target_year = provinces.target_year
