{#-
    The columns of the per-kind fact tables (fct_time_limits, fct_percentages, fct_counts):
    measures of one unit kind, each counted once (measures of duplicate documents left out).
-#}
{% macro measures_of_unit_kind(unit_kind) %}
select
    measure_id,
    document_id,
    region_code,
    region_name,
    indicator_code,
    category_code,
    is_core,
    subject,
    value,
    unit,
    value_canonical,
    canonical_unit,
    comparator,
    kind,
    baseline_value,
    baseline_value_canonical,
    target_year,
    evidence,
    source_file,
    char_start,
    char_end
from {{ ref('int_measures_classified') }}
where unit_kind = '{{ unit_kind }}'
  and not is_duplicate
{% endmacro %}
