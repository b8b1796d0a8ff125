{#-
    Fails on every row whose column lies outside [min_value, max_value] (either bound may be
    omitted). row_condition restricts the rows checked (a SQL boolean expression). Nulls pass.
-#}
{% test value_between(model, column_name, min_value=none, max_value=none, row_condition=none) %}

select *
from {{ model }}
where {{ column_name }} is not null
  {% if row_condition %}and ({{ row_condition }}){% endif %}
  and (
        false
        {% if min_value is not none %}or {{ column_name }} < {{ min_value }}{% endif %}
        {% if max_value is not none %}or {{ column_name }} > {{ max_value }}{% endif %}
  )

{% endtest %}
