-- Every core indicator has a canonical unit, and that unit is a canonical unit of the units
-- seed (so measures can be converted to it); every measure of a core indicator has a
-- canonical unit too.

with units as (
    select * from {{ ref('units') }}
)

select
    'indicator' as failing_row,
    indicators.indicator_code as code,
    indicators.canonical_unit
from {{ ref('dim_indicator') }} as indicators
left join units
    on indicators.canonical_unit = units.unit
    and units.canonical_unit = units.unit
where indicators.is_core
  and (indicators.canonical_unit is null or units.unit is null)

union all

select
    'measure' as failing_row,
    measure_id as code,
    canonical_unit
from {{ ref('fct_measures') }}
where is_core
  and canonical_unit is null
