-- All measures, one row each, duplicates' included (is_duplicate = true): the spec's export
-- columns in the spec's order, then measure_id's companions used for filtering, then the
-- extraction trace (not exported: the export's columns are a contract).

select
    measure_id,
    source_file,
    char_start,
    char_end,
    document_id,
    region_code,
    region_name,
    indicator_code,
    subject,
    value,
    unit,
    comparator,
    kind,
    baseline_value,
    target_year,
    evidence,
    is_duplicate,
    category_code,
    is_core,
    canonical_unit,
    trace
from {{ ref('int_measures_classified') }}
