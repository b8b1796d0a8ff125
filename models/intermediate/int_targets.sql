-- Targets that can be compared across regions: target-kind measures with a year and a region,
-- not from a duplicate document, stated in the indicator's canonical unit and bounding it the
-- right way (le/eq for 'lower' indicators, ge/eq for 'higher' ones).
-- One row per region × indicator × year × document (the document's strictest value), ranked
-- by strictness among the documents: 1 = strictest (smallest for 'lower', largest for
-- 'higher'); ties go to the most recently issued document.

with targets as (
    select *
    from {{ ref('int_measures_classified') }}
    where kind = 'target'
      and not is_duplicate
      and target_year is not null
      and region_code is not null
      and is_in_indicator_unit
      and (
            (better = 'lower' and comparator in ('le', 'eq'))
         or (better = 'higher' and comparator in ('ge', 'eq'))
      )
),

strictest_per_document as (
    select *
    from targets
    qualify row_number() over (
        partition by region_code, indicator_code, target_year, document_id
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
    target_year,
    document_id,
    issue_date,
    measure_id,
    value_canonical as target_value,
    comparator,
    evidence,
    source_file,
    char_start,
    char_end,
    count(*) over (
        partition by region_code, indicator_code, target_year
    ) as n_documents,
    row_number() over (
        partition by region_code, indicator_code, target_year
        order by {{ strictness_key('value_canonical', 'better') }}, issue_date desc nulls last, document_id
    ) as strictness_rank
from strictest_per_document
