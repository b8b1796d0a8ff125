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

-- Each region's stated (indicator, unit) from its first target year on, for every as-of year.
series as (
    select region_code, indicator_code, canonical_unit, min(target_year) as first_year
    from comparison
    group by region_code, indicator_code, canonical_unit
),

grid as (
    select as_of_years.as_of_year, series.region_code, series.indicator_code, series.canonical_unit
    from as_of_years
    inner join series
        on series.indicator_code = as_of_years.indicator_code
        and series.first_year <= as_of_years.as_of_year
),

-- An as-of join picks the latest target year up to the as-of year (comparison has one row per
-- region, indicator, unit and target year): no window over every earlier target, so memory
-- stays that of the output.
in_force as (
    select
        grid.as_of_year,
        comparison.*
    from grid
    asof inner join comparison
        on comparison.region_code = grid.region_code
        and comparison.indicator_code = grid.indicator_code
        and comparison.canonical_unit = grid.canonical_unit
        and comparison.target_year <= grid.as_of_year
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
