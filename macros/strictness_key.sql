{#-
    A sort key on which the stricter of two values is the smaller one, whatever the
    indicator's better direction: 'lower' keeps the value, 'higher' negates it.
    Order by strictness_key(...) ascending to put the strictest value first.
-#}
{% macro strictness_key(value, better) -%}
    case when {{ better }} = 'higher' then -({{ value }}) else {{ value }} end
{%- endmacro %}
