from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes shown as hours, e.g. 90 → 1.5 (in the active language's number format)."""
    value = round((minutes or 0) / 60, 2)
    return number_format(value, decimal_pos=0 if float(value).is_integer() else None)
