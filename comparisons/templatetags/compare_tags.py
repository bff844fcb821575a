from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, None when absent: {{ row.values|get_item:slug }}."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def year_over_year_links(by_year):
    """The publisher page's comparisons worth offering, from its (year, documents) groups."""
    from comparisons.build import year_over_year

    return year_over_year([d for _, documents in by_year for d in documents])
