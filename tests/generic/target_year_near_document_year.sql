{#-
    A measure's target year should lie near the year of the document it comes from: no
    earlier than years_before before the document's first year and no later than years_after
    after its last year. The document's years are its period (period_start..period_end) and
    its issue year. Rows whose document has no year at all are not checked.
-#}
{% test target_year_near_document_year(model, column_name, document_model, document_key='document_id', years_before=5, years_after=10) %}

with document_years as (
    select
        {{ document_key }} as document_key,
        least(period_start, period_end, year(issue_date)) as first_year,
        greatest(period_start, period_end, year(issue_date)) as last_year
    from {{ document_model }}
)

select
    m.*,
    d.first_year,
    d.last_year
from {{ model }} as m
inner join document_years as d
    on m.{{ document_key }} = d.document_key
where m.{{ column_name }} is not null
  and d.first_year is not null
  and (
        m.{{ column_name }} < d.first_year - {{ years_before }}
     or m.{{ column_name }} > d.last_year + {{ years_after }}
  )

{% endtest %}
