-- How each region's target for an indicator moved over time. Targets (one per region ×
-- indicator × year × document, from int_targets) are ordered by target year, then document
-- issue date, and each is compared with the one before it:
--   new        the first target, or the first after the indicator was dropped
--   tightened  stricter than the previous target
--   relaxed    looser than the previous target
--   unchanged  the same value
--   dropped    a year in which the region set targets for other indicators but not for this
--              one, after having one the year before (value null; one row per gap)

with targets as (
    select * from {{ ref('int_targets') }}
),

indicator_attributes as (
    select
        region_code,
        indicator_code,
        min(target_year) as first_year,
        arg_max(region_name, target_year) as region_name,
        any_value(category_code) as category_code,
        any_value(better) as better,
        any_value(canonical_unit) as canonical_unit
    from targets
    group by region_code, indicator_code
),

region_years as (
    select distinct region_code, target_year
    from targets
),

indicator_years as (
    select distinct region_code, indicator_code, target_year
    from targets
),

-- years after an indicator's first target in which the region has targets, but not this one
missing_years as (
    select
        indicator_attributes.region_code,
        indicator_attributes.indicator_code,
        region_years.target_year
    from indicator_attributes
    inner join region_years
        on indicator_attributes.region_code = region_years.region_code
        and region_years.target_year > indicator_attributes.first_year
    left join indicator_years
        on indicator_years.region_code = indicator_attributes.region_code
        and indicator_years.indicator_code = indicator_attributes.indicator_code
        and indicator_years.target_year = region_years.target_year
    where indicator_years.region_code is null
),

events as (
    select
        region_code,
        region_name,
        indicator_code,
        target_year,
        issue_date,
        document_id,
        measure_id,
        target_value,
        comparator,
        evidence,
        false as is_missing
    from targets

    union all

    select
        region_code,
        null as region_name,
        indicator_code,
        target_year,
        null as issue_date,
        null as document_id,
        null as measure_id,
        null as target_value,
        null as comparator,
        null as evidence,
        true as is_missing
    from missing_years
),

sequenced as (
    select
        events.*,
        lag(target_value) over by_time as previous_value,
        lag(target_year) over by_time as previous_target_year,
        lag(document_id) over by_time as previous_document_id,
        lag(is_missing) over by_time as previous_is_missing
    from events
    window by_time as (
        partition by region_code, indicator_code
        order by target_year, issue_date nulls last, document_id
    )
),

classified as (
    select
        sequenced.* exclude (region_name),
        coalesce(sequenced.region_name, indicator_attributes.region_name) as region_name,
        indicator_attributes.category_code,
        indicator_attributes.better,
        indicator_attributes.canonical_unit,
        case
            when sequenced.is_missing then 'dropped'
            when sequenced.previous_is_missing is null or sequenced.previous_is_missing then 'new'
            else {{ compare_strictness(
                'sequenced.target_value', 'sequenced.previous_value', 'indicator_attributes.better',
                stricter='tightened', same='unchanged', looser='relaxed'
            ) }}
        end as change_type
    from sequenced
    inner join indicator_attributes
        on sequenced.region_code = indicator_attributes.region_code
        and sequenced.indicator_code = indicator_attributes.indicator_code
    -- keep only the first year of a gap
    where not (sequenced.is_missing and coalesce(sequenced.previous_is_missing, false))
)

select
    region_code,
    region_name,
    indicator_code,
    category_code,
    better,
    canonical_unit,
    row_number() over (
        partition by region_code, indicator_code
        order by target_year, issue_date nulls last, document_id
    ) as sequence_number,
    target_year,
    issue_date,
    document_id,
    measure_id,
    target_value,
    comparator,
    -- a new target has no predecessor (not even the gap year before it)
    case when change_type = 'new' then null else previous_target_year end as previous_target_year,
    case when change_type = 'new' then null else previous_document_id end as previous_document_id,
    case when change_type = 'new' then null else previous_value end as previous_value,
    change_type,
    evidence
from classified
