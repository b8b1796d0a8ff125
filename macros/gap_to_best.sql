{#-
    How far `value` falls short of `best_value`, as a non-negative number in the indicator's
    canonical unit: value - best for 'lower' indicators, best - value for 'higher' ones.
-#}
{% macro gap_to_best(value, best_value, better) -%}
    case when {{ better }} = 'higher' then {{ best_value }} - {{ value }} else {{ value }} - {{ best_value }} end
{%- endmacro %}
