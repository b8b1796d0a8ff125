{#-
    Compare `value` with `reference` for an indicator whose better direction is `better`
    ('lower' or 'higher') and return one of three labels. A null on either side gives null.
-#}
{% macro compare_strictness(value, reference, better, stricter='stricter', same='same', looser='looser') -%}
    case
        when {{ value }} is null or {{ reference }} is null then null
        when {{ value }} = {{ reference }} then '{{ same }}'
        when ({{ better }} = 'lower' and {{ value }} < {{ reference }})
          or ({{ better }} = 'higher' and {{ value }} > {{ reference }}) then '{{ stricter }}'
        else '{{ looser }}'
    end
{%- endmacro %}
