-- Question: which regions set the strictest 企业开办 (start_business_time) target for 2023,
-- and from which document? One row per region and unit, ranked first (rank 1 = strictest; ties
-- share a rank). A target in another unit (0.5天 is calendar days, not working days) is listed
-- after the ranked ones, unranked, with the reason in comparability_note.

select
    comparison.region_rank,
    comparison.region_name,
    comparison.region_level,
    comparison.target_value,
    comparison.canonical_unit,
    comparison.is_comparable,
    comparison.comparability_note,
    comparison.gap_to_best,
    documents.title,
    documents.doc_number,
    documents.issue_date,
    comparison.evidence
from {{ ref('mart_region_comparison') }} as comparison
left join {{ ref('dim_document') }} as documents
    on comparison.document_id = documents.document_id
where comparison.indicator_code = 'start_business_time'
  and comparison.target_year = 2023
order by comparison.region_rank nulls last, comparison.region_code
