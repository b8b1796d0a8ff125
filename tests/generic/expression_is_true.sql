{#-
    Fails on every row for which the SQL boolean expression is false (nulls fail too).
    Usable on a model or on a column (the column name is then ignored: name it in expression).
-#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
