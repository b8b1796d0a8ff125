-- Question: which core indicators are coverage gaps — among the regions we hold documents
-- about, how many set a target for the indicator and how many do not? Fewest targets first;
-- the regions that do set one are listed.

select
    coverage.indicator_code,
    coverage.indicator_name_zh,
    count(*) filter (where coverage.status = 'has_target') as n_regions_with_target,
    count(*) filter (where coverage.status = 'document_no_target') as n_regions_without_target,
    string_agg(coverage.region_name, '、' order by coverage.region_code)
        filter (where coverage.status = 'has_target') as regions_with_target
from {{ ref('mart_coverage') }} as coverage
where coverage.status <> 'no_document'
group by coverage.indicator_code, coverage.indicator_name_zh
order by n_regions_with_target, coverage.indicator_code
