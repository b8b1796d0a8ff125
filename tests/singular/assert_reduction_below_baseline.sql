-- A reduction (an upper bound stated with a baseline: 由50个工作日压减至45个工作日 → 45, baseline
-- 50) must end below where it started. Warn only: OCR and extraction slips can trip it, and
-- the offending rows are worth reviewing rather than blocking the build.
{{ config(severity='warn') }}

select
    measure_id,
    document_id,
    indicator_code,
    value,
    baseline_value,
    unit,
    evidence
from {{ ref('fct_measures') }}
where baseline_value is not null
  and comparator = 'le'
  and kind <> 'change'
  and value >= baseline_value
