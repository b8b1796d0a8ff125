{#-
    The kind of body that issued a document, from its issuer name: 'government' for a people's
    government or its general office (人民政府, 人民政府办公厅/办公室), 'department' for any other
    named issuer (a 局, 委, 厅, 营商办 ...), null when the issuer is unknown. Target history
    compares like with like: a department's plan not restating a government target drops nothing.
-#}
{% macro issuer_type(issuer) -%}
    case
        when {{ issuer }} is null or trim({{ issuer }}) = '' then null
        when {{ issuer }} like '%人民政府%' then 'government'
        else 'department'
    end
{%- endmacro %}
