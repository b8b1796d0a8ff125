-- mart_region_comparison holds one strictest target per region × indicator × year × unit: no key may
-- appear twice or carry two different values.

select
    region_code,
    indicator_code,
    target_year,
    canonical_unit,
    count(*) as n_rows,
    count(distinct target_value) as n_values
from {{ ref('mart_region_comparison') }}
group by region_code, indicator_code, target_year, canonical_unit
having count(*) > 1 or count(distinct target_value) > 1
