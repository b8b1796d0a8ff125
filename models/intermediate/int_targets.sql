-- Targets that can be set side by side across regions: target-kind measures with a year and a
-- region, not from a duplicate document, bounding the indicator the right way (le/eq for
-- 'lower' indicators, ge/eq for 'higher' ones) and stated in a unit of the indicator's kind.
-- A target in another unit of that kind (0.5天 against working days, 1小时) is kept in its own
-- unit and flagged not comparable: the units seed converts only where the conversion is exact
-- (minutes → hours); calendar days, working days and hours never convert into each other.
-- One row per region × indicator × year × unit × document (the document's strictest value),
-- ranked by strictness among the documents: 1 = strictest; ties go to the latest document.

with targets as (
    select *
    from {{ ref('int_measures_classified') }}
    where kind = 'target'
      and not is_duplicate
      and target_year is not null
      and region_code is not null
      and value_canonical is not null
      and unit_kind = indicator_unit_kind
      and (
            (better = 'lower' and comparator in ('le', 'eq'))
         or (better = 'higher' and comparator in ('ge', 'eq'))
      )
),

strictest_per_document as (
    select *
    from targets
    qualify row_number() over (
        partition by region_code, indicator_code, target_year, canonical_unit, document_id
        order by {{ strictness_key('value_canonical', 'better') }}, char_start, measure_id
    ) = 1
)

select
    region_code,
    region_name,
    indicator_code,
    category_code,
    is_core,
    better,
    canonical_unit,
    indicator_canonical_unit as indicator_unit,
    is_in_indicator_unit as is_comparable,
    target_year,
    document_id,
    issue_date,
    measure_id,
    value_canonical as target_value,
    value as stated_value,
    unit as stated_unit,
    comparator,
    evidence,
    source_file,
    char_start,
    char_end,
    count(*) over (
        partition by region_code, indicator_code, target_year, canonical_unit
    ) as n_documents,
    row_number() over (
        partition by region_code, indicator_code, target_year, canonical_unit
        order by {{ strictness_key('value_canonical', 'better') }}, issue_date desc nulls last, document_id
    ) as strictness_rank
from strictest_per_document
