-- Question: which cities and counties set a stricter target than their province (or a county
-- than its prefecture), for which indicator, by how much, and against which of the higher
-- level's targets? The higher level's target is the latest in force in the lower level's target
-- year (a city's 2024 target against the province's 2023 one when the province set none for
-- 2024). difference is lower minus higher, in the unit named; negative = lower, which is
-- stricter for time limits.

select
    hierarchy.region_code,
    hierarchy.reference_code,
    hierarchy.indicator_code,
    hierarchy.province_name,
    hierarchy.region_name,
    hierarchy.region_level,
    hierarchy.reference_name,
    hierarchy.reference_level,
    indicators.name_zh as indicator,
    hierarchy.target_year,
    hierarchy.target_value,
    hierarchy.reference_target_year,
    hierarchy.reference_target_value,
    hierarchy.difference,
    hierarchy.canonical_unit,
    documents.title,
    reference_documents.title as reference_title,
    hierarchy.document_id,
    hierarchy.reference_document_id,
    hierarchy.evidence,
    hierarchy.reference_evidence
from {{ ref('mart_hierarchy') }} as hierarchy
inner join {{ ref('dim_indicator') }} as indicators
    on hierarchy.indicator_code = indicators.indicator_code
left join {{ ref('dim_document') }} as documents
    on hierarchy.document_id = documents.document_id
left join {{ ref('dim_document') }} as reference_documents
    on hierarchy.reference_document_id = reference_documents.document_id
where hierarchy.comparison = 'stricter'
order by hierarchy.province_name, hierarchy.region_name, hierarchy.reference_level desc,
    indicators.category_sort_order, hierarchy.target_year
