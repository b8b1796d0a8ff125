-- Each region's strictest target for an indicator and year (mart_region_comparison) beside what
-- the region later stated it reached for the same indicator and year (an 'actual' measure in a
-- work or execution report, in the same unit, from a document issued after the target's):
--   met            the actual is as strict as the target or stricter
--   missed         the actual falls short of the target
--   no_actual_yet  no such actual in the warehouse
-- An actual's year is its stated year, else its document's period end, else its issue year.
-- Of several actuals the one from the latest document counts.

with targets as (
    select * from {{ ref('mart_region_comparison') }}
),

actuals as (
    select
        measures.*,
        coalesce(measures.target_year, measures.period_end, year(measures.issue_date)) as actual_year
    from {{ ref('int_measures_classified') }} as measures
    where measures.kind = 'actual'
      and not measures.is_duplicate
      and measures.region_code is not null
      and measures.value_canonical is not null
),

paired as (
    select
        targets.*,
        actuals.measure_id as actual_measure_id,
        actuals.document_id as actual_document_id,
        actuals.issue_date as actual_issue_date,
        actuals.actual_year,
        actuals.value_canonical as actual_value,
        actuals.evidence as actual_evidence
    from targets
    left join actuals
        on targets.region_code = actuals.region_code
        and targets.indicator_code = actuals.indicator_code
        and targets.canonical_unit = actuals.canonical_unit
        and targets.target_year = actuals.actual_year
        and actuals.issue_date > targets.issue_date
    qualify row_number() over (
        partition by targets.region_code, targets.indicator_code, targets.target_year, targets.canonical_unit
        order by actuals.issue_date desc nulls last, actuals.char_start, actuals.measure_id
    ) = 1
)

select
    region_code,
    region_name,
    region_level,
    province_code,
    indicator_code,
    category_code,
    better,
    target_year,
    target_value,
    canonical_unit,
    is_comparable,
    comparator,
    document_id,
    issue_date,
    evidence,
    actual_value,
    actual_year,
    actual_measure_id,
    actual_document_id,
    actual_issue_date,
    actual_evidence,
    case
        when actual_measure_id is null then 'no_actual_yet'
        when {{ compare_strictness('actual_value', 'target_value', 'better') }} in ('stricter', 'same') then 'met'
        else 'missed'
    end as status,
    case when actual_measure_id is not null then
        {{ gap_to_best('actual_value', 'target_value', 'better') }}
    end as shortfall
from paired
