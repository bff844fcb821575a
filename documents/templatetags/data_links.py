"""`{% data_url "json" %}`: this page as data, with its filters (see documents/page_data.py)."""
from django import template

from .. import page_data

register = template.Library()


@register.simple_tag(takes_context=True)
def data_url(context, fmt):
    return page_data.data_url(context["request"], fmt)
