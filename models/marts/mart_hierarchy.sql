-- Each prefecture's target beside its province's, and each county's beside its prefecture's and
-- its province's: stricter, same or looser, and by how much. The lower level's target for a year
-- meets the higher level's latest target in force that year (mart_latest_targets), so 丽江市's
-- 2024 target is set against 云南省's 2023 target when the province set none for 2024. Targets
-- in different units are paired but compared 'not_comparable' (no difference). Each side keeps
-- its own target year and document.

with latest as (
    select * from {{ ref('mart_latest_targets') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

lower_levels as (
    select
        latest.*,
        regions.parent_code,
        regions.province_name,
        regions.region_level as level
    from latest
    inner join regions
        on latest.region_code = regions.region_code
    where not regions.is_province
      and latest.target_year = latest.as_of_year
),

reference_links as (
    select region_code, province_code as reference_code, 'province' as reference_level
    from regions
    where not is_province
    union all
    select region_code, parent_code as reference_code, 'prefecture' as reference_level
    from regions
    where region_level = 'county' and parent_code is not null and parent_code <> province_code
),

pairs as (
    select
        lower_levels.*,
        reference_links.reference_level,
        reference.region_code as reference_code,
        reference.region_name as reference_name,
        reference.target_year as reference_target_year,
        reference.target_value as reference_target_value,
        reference.canonical_unit as reference_unit,
        reference.document_id as reference_document_id,
        reference.issue_date as reference_issue_date,
        reference.evidence as reference_evidence,
        reference.canonical_unit = lower_levels.canonical_unit as is_same_unit
    from lower_levels
    inner join reference_links
        on lower_levels.region_code = reference_links.region_code
    inner join latest as reference
        on reference.region_code = reference_links.reference_code
        and reference.indicator_code = lower_levels.indicator_code
        and reference.as_of_year = lower_levels.as_of_year
    -- one reference target per lower-level target: the one in the same unit if there is one
    qualify row_number() over (
        partition by lower_levels.region_code, lower_levels.indicator_code, lower_levels.target_year,
            lower_levels.canonical_unit, reference_links.reference_level
        order by reference.canonical_unit = lower_levels.canonical_unit desc,
            reference.is_comparable desc, reference.canonical_unit
    ) = 1
)

select
    region_code,
    region_name,
    level as region_level,
    province_code,
    province_name,
    reference_level,
    reference_code,
    reference_name,
    indicator_code,
    category_code,
    better,
    target_year,
    target_value,
    canonical_unit,
    reference_target_year,
    reference_target_value,
    reference_unit,
    case when is_same_unit then target_value - reference_target_value end as difference,
    case
        when is_same_unit then
            {{ compare_strictness('target_value', 'reference_target_value', 'better') }}
        else 'not_comparable'
    end as comparison,
    document_id,
    issue_date,
    evidence,
    reference_document_id,
    reference_issue_date,
    reference_evidence
from pairs
