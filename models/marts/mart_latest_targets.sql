-- The latest target in force: for each year any region set a target for the indicator (the
-- as-of year), each region's most recent target for it with a target year up to the as-of year,
-- in each unit it was stated in — a 2023 target still stands in 2024 until a later one replaces
-- it. Targets in the indicator's unit are ranked per as-of year (1 = strictest; ties share a
-- rank); others stay unranked, like in mart_region_comparison.

with comparison as (
    select * from {{ ref('mart_region_comparison') }}
),

as_of_years as (
    select distinct indicator_code, target_year as as_of_year
    from comparison
),

in_force as (
    select
        as_of_years.as_of_year,
        comparison.*
    from as_of_years
    inner join comparison
        on comparison.indicator_code = as_of_years.indicator_code
        and comparison.target_year <= as_of_years.as_of_year
    qualify row_number() over (
        partition by as_of_years.as_of_year, comparison.region_code, comparison.indicator_code,
            comparison.canonical_unit
        order by comparison.target_year desc
    ) = 1
)

select
    as_of_year,
    region_code,
    region_name,
    region_level,
    province_code,
    indicator_code,
    category_code,
    is_core,
    better,
    target_year,
    year(issue_date) as document_year,
    target_year < as_of_year as is_carried_forward,
    target_value,
    canonical_unit,
    indicator_unit,
    is_comparable,
    comparability_note,
    comparator,
    case when is_comparable then rank() over (
        partition by indicator_code, as_of_year, is_comparable
        order by {{ strictness_key('target_value', 'better') }}
    ) end as region_rank,
    count(case when is_comparable then 1 end) over (
        partition by indicator_code, as_of_year
    ) as n_regions,
    document_id,
    issue_date,
    measure_id,
    evidence,
    source_file,
    char_start,
    char_end
from in_force
