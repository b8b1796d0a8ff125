-- Measures whose unit is a duration (time limits), each counted once (measures of duplicate documents left out).

{{ measures_of_unit_kind('duration') }}
