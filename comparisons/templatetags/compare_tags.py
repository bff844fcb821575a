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


@register.simple_tag
def matrix_url(by_year):
    """The many-document matrix of a publisher's documents, when there are 3 to 12 of them
    (two are compared side by side instead)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from comparisons.build import MAX_DOCUMENTS

    slugs = [d.slug for _, documents in by_year for d in documents]
    if not 3 <= len(slugs) <= MAX_DOCUMENTS:
        return ""
    return reverse("comparisons:many") + "?" + urlencode([("d", s) for s in slugs])
