-- How each region's target for an indicator moved over time. Targets (one per region ×
-- indicator × year × unit × document, from int_targets) are ordered by document issue date,
-- then target year, and each is compared with the one before it:
--   new             the first target, or the first after a drop
--   tightened       stricter than the previous target
--   relaxed         looser than the previous target
--   restated        the same value again
--   not_comparable  the previous target is in another unit (0.5天 after 1个工作日)
--   dropped         a later document of the same region and issuer type sets targets in the
--                   indicator's category but no longer states this one (value null, the row
--                   names that document); a target stated 逐年/持续保持 carries forward and is
--                   never dropped by silence
-- status says whether the target still stands: superseded when a later document set a target
-- for the same indicator and year, dropped for dropped rows, in_force otherwise.

with targets as (
    select
        targets.*,
        {{ issuer_type('documents.issuer') }} as issuer_type,
        regexp_matches(coalesce(targets.evidence, ''), '逐年|持续保持|继续保持|保持在') as carries_forward
    from {{ ref('int_targets') }} as targets
    left join {{ ref('stg_documents') }} as documents
        on targets.document_id = documents.document_id
),

-- per region × indicator × document: what the document last said about the indicator
document_statements as (
    select
        region_code,
        indicator_code,
        document_id,
        any_value(issue_date) as issue_date,
        any_value(issuer_type) as issuer_type,
        bool_or(carries_forward) as carries_forward
    from targets
    group by region_code, indicator_code, document_id
),

-- the categories each document sets targets in, per region, with the document's issuer type
document_categories as (
    select distinct region_code, category_code, document_id, issue_date, issuer_type
    from targets
    where issue_date is not null
),

region_indicators as (
    select distinct region_code, indicator_code, category_code
    from targets
),

-- a later document covering the category without the indicator, set against the last document
-- before it that did state the indicator
silent_documents as (
    select
        region_indicators.region_code,
        region_indicators.indicator_code,
        document_categories.document_id,
        document_categories.issue_date,
        document_categories.issuer_type
    from region_indicators
    inner join document_categories
        on region_indicators.region_code = document_categories.region_code
        and region_indicators.category_code = document_categories.category_code
    where not exists (
        select 1 from targets
        where targets.document_id = document_categories.document_id
          and targets.region_code = region_indicators.region_code
          and targets.indicator_code = region_indicators.indicator_code
    )
),

drops as (
    select
        silent_documents.region_code,
        silent_documents.indicator_code,
        silent_documents.document_id,
        silent_documents.issue_date,
        previous.document_id as previous_statement_document_id
    from silent_documents
    asof inner join document_statements as previous
        on silent_documents.region_code = previous.region_code
        and silent_documents.indicator_code = previous.indicator_code
        and silent_documents.issue_date > previous.issue_date
    where previous.issuer_type = silent_documents.issuer_type
      and not previous.carries_forward
    -- one drop per silence: the first silent document after the last statement
    qualify row_number() over (
        partition by silent_documents.region_code, silent_documents.indicator_code, previous.document_id
        order by silent_documents.issue_date, silent_documents.document_id
    ) = 1
),

events as (
    select
        region_code,
        region_name,
        indicator_code,
        category_code,
        better,
        target_year,
        issue_date,
        document_id,
        measure_id,
        target_value,
        canonical_unit,
        is_comparable,
        comparator,
        evidence,
        false as is_dropped
    from targets

    union all

    select
        drops.region_code,
        null as region_name,
        drops.indicator_code,
        null as category_code,
        null as better,
        null as target_year,
        drops.issue_date,
        drops.document_id,
        null as measure_id,
        null as target_value,
        null as canonical_unit,
        null as is_comparable,
        null as comparator,
        null as evidence,
        true as is_dropped
    from drops
),

indicator_attributes as (
    select
        region_code,
        indicator_code,
        arg_max(region_name, target_year) as region_name,
        any_value(category_code) as category_code,
        any_value(better) as better
    from targets
    group by region_code, indicator_code
),

sequenced as (
    select
        events.*,
        lag(target_value) over by_time as previous_value,
        lag(canonical_unit) over by_time as previous_unit,
        lag(target_year) over by_time as previous_target_year,
        lag(document_id) over by_time as previous_document_id,
        lag(is_dropped) over by_time as previous_is_dropped,
        row_number() over by_time as sequence_number
    from events
    window by_time as (
        partition by region_code, indicator_code
        order by issue_date nulls first, is_dropped, target_year, document_id, canonical_unit
    )
),

-- the latest-issued document that set a target for the same region × indicator × year × unit
latest_setter as (
    select
        region_code, indicator_code, target_year, canonical_unit,
        max(issue_date) as latest_issue_date,
        arg_max(document_id, issue_date) as latest_document_id
    from targets
    group by region_code, indicator_code, target_year, canonical_unit
),

classified as (
    select
        sequenced.* exclude (region_name, category_code, better),
        indicator_attributes.region_name,
        indicator_attributes.category_code,
        indicator_attributes.better,
        case
            when sequenced.is_dropped then 'dropped'
            when sequenced.previous_is_dropped is null or sequenced.previous_is_dropped then 'new'
            when sequenced.previous_unit <> sequenced.canonical_unit then 'not_comparable'
            else {{ compare_strictness(
                'sequenced.target_value', 'sequenced.previous_value', 'indicator_attributes.better',
                stricter='tightened', same='restated', looser='relaxed'
            ) }}
        end as change_type,
        case
            when sequenced.is_dropped then 'dropped'
            when latest_setter.latest_issue_date > sequenced.issue_date then 'superseded'
            else 'in_force'
        end as status,
        case when latest_setter.latest_issue_date > sequenced.issue_date
            then latest_setter.latest_document_id end as superseded_by_document_id
    from sequenced
    inner join indicator_attributes
        on sequenced.region_code = indicator_attributes.region_code
        and sequenced.indicator_code = indicator_attributes.indicator_code
    left join latest_setter
        on sequenced.region_code = latest_setter.region_code
        and sequenced.indicator_code = latest_setter.indicator_code
        and sequenced.target_year = latest_setter.target_year
        and sequenced.canonical_unit = latest_setter.canonical_unit
)

select
    region_code,
    region_name,
    indicator_code,
    category_code,
    better,
    canonical_unit,
    is_comparable,
    sequence_number,
    target_year,
    issue_date,
    document_id,
    measure_id,
    target_value,
    comparator,
    -- a new target has no predecessor (not even the drop before it)
    case when change_type = 'new' then null else previous_target_year end as previous_target_year,
    case when change_type = 'new' then null else previous_document_id end as previous_document_id,
    case when change_type = 'new' then null else previous_value end as previous_value,
    change_type,
    status,
    superseded_by_document_id,
    evidence
from classified
