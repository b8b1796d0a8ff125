-- One row per region × indicator × target year: the strictest target any document set for it,
-- where it came from, and how it ranks against the other regions' strictest targets for the
-- same indicator and year (1 = best; ties share a rank). gap_to_best is how far the target
-- falls short of the best one, in the indicator's canonical unit (0 for the best).

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
        rank() over (
            partition by indicator_code, target_year
            order by {{ strictness_key('target_value', 'better') }}
        ) as region_rank,
        count(*) over indicator_year as n_regions,
        case
            when better = 'higher' then max(target_value) over indicator_year
            else min(target_value) over indicator_year
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
    ranked.better,
    ranked.comparator,
    ranked.region_rank,
    ranked.n_regions,
    ranked.best_value,
    {{ gap_to_best('ranked.target_value', 'ranked.best_value', 'ranked.better') }} as gap_to_best,
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
