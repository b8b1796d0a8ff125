-- One row per region × indicator × target year × unit: the strictest target any document set
-- for it, where it came from, and how it ranks against the other regions' strictest targets for
-- the same indicator and year (1 = best; ties share a rank). Only targets in the indicator's
-- unit are ranked; a target in another unit (0.5天 for a working-day indicator) stays, in its
-- own unit, with is_comparable false and no rank, so no region silently disappears.
-- gap_to_best is how far a ranked target falls short of the best one (0 for the best).

with strictest as (
    select * from {{ ref('int_targets') }}
    where strictness_rank = 1
),

regions as (
    select * from {{ ref('dim_region') }}
),

ranked as (
    select
        strictest.*,
        case when is_comparable then rank() over (
            partition by indicator_code, target_year, is_comparable
            order by {{ strictness_key('target_value', 'better') }}
        ) end as region_rank,
        count(case when is_comparable then 1 end) over indicator_year as n_regions,
        case
            when better = 'higher' then max(case when is_comparable then target_value end) over indicator_year
            else min(case when is_comparable then target_value end) over indicator_year
        end as best_value
    from strictest
    window indicator_year as (partition by indicator_code, target_year)
)

select
    ranked.region_code,
    ranked.region_name,
    regions.region_level,
    regions.province_code,
    ranked.indicator_code,
    ranked.category_code,
    ranked.is_core,
    ranked.target_year,
    ranked.target_value,
    ranked.canonical_unit,
    ranked.indicator_unit,
    ranked.is_comparable,
    case when not ranked.is_comparable then
        ranked.canonical_unit || ' is not ' || ranked.indicator_unit || ': no exact conversion, not ranked'
    end as comparability_note,
    ranked.better,
    ranked.comparator,
    ranked.region_rank,
    ranked.n_regions,
    ranked.best_value,
    case when ranked.is_comparable then
        {{ gap_to_best('ranked.target_value', 'ranked.best_value', 'ranked.better') }}
    end as gap_to_best,
    ranked.n_documents,
    ranked.document_id,
    ranked.issue_date,
    ranked.measure_id,
    ranked.evidence,
    ranked.source_file,
    ranked.char_start,
    ranked.char_end
from ranked
left join regions
    on ranked.region_code = regions.region_code
