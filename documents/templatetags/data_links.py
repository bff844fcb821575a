"""`{% data_url "json" %}`: this page as data, with its filters (see documents/formats.py)."""
from django import template

from .. import formats

register = template.Library()


@register.simple_tag(takes_context=True)
def data_url(context, fmt):
    return formats.data_url(context["request"], fmt)
