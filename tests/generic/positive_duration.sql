{#-
    A duration (a time limit, a processing time, or the size of a cut in time) must be
    greater than zero; allow_zero=true also accepts 0 (即办 stated as 0 days).
    unit_kind_column restricts the check to rows whose unit kind is 'duration' when the
    model holds other kinds too.
-#}
{% test positive_duration(model, column_name, unit_kind_column=none, allow_zero=false) %}

select *
from {{ model }}
where {{ column_name }} is not null
  {% if unit_kind_column %}and {{ unit_kind_column }} = 'duration'{% endif %}
  and {{ column_name }} {{ '<' if allow_zero else '<=' }} 0

{% endtest %}
