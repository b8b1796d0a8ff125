-- Question: where did a region tighten (or relax) its target for an indicator over time, from
-- what to what, and in which document? One row per change, in time order.

select
    history.region_name,
    indicators.name_zh as indicator,
    history.change_type,
    history.previous_target_year,
    history.previous_value,
    history.target_year,
    history.target_value,
    history.canonical_unit,
    documents.doc_number,
    documents.issue_date,
    history.evidence
from {{ ref('mart_target_history') }} as history
inner join {{ ref('dim_indicator') }} as indicators
    on history.indicator_code = indicators.indicator_code
left join {{ ref('dim_document') }} as documents
    on history.document_id = documents.document_id
where history.change_type in ('tightened', 'relaxed')
order by history.region_code, history.indicator_code, history.sequence_number
