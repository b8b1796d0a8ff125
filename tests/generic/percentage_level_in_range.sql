{#-
    A percentage *level* (any kind but 'change') must lie within 0–100 percent
    (0–1000 for per mille). Changes (增长120%, 压减50%) and percentage points are not levels
    and are not checked.
-#}
{% test percentage_level_in_range(model, column_name, unit_column='unit', kind_column='kind') %}

select *
from {{ model }}
where {{ kind_column }} <> 'change'
  and (
        ({{ unit_column }} = 'percent' and ({{ column_name }} < 0 or {{ column_name }} > 100))
     or ({{ unit_column }} = 'permille' and ({{ column_name }} < 0 or {{ column_name }} > 1000))
  )

{% endtest %}
