from django import template

from bsrstars.accounts import roles

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The translated label of a role code (the code itself for roles admins added)."""
    return str(roles.LABELS.get(code, code))
