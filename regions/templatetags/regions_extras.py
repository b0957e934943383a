from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """mapping[key], or the key itself when it is missing."""
    return mapping.get(key, key) if hasattr(mapping, "get") else key
