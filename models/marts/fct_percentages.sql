-- Measures whose unit is a ratio unit, each counted once (measures of duplicate documents left out).

{{ measures_of_unit_kind('ratio') }}
