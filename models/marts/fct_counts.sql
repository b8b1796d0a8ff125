-- Measures whose unit is a count unit, each counted once (measures of duplicate documents left out).

{{ measures_of_unit_kind('count') }}
