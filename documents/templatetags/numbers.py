"""`{{ value|plain_number }}`: a stored Decimal as a reader writes it (1000.0000 -> 1000)."""
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain_number(value):
    if not isinstance(value, Decimal):
        return value
    # normalize() alone would write 1000 as 1E+3.
    return format(value.normalize(), "f")
