"""The company page's test-facility section: `{% load testbeds %}{% company_accesses organisation %}`.
Shown to the company's members, the authority of its region and programme admins (the selector
scopes the rows; nobody else gets any)."""

from django import template

from bsrstars.accounts.rules import organisation_ids

from .. import selectors

register = template.Library()


@register.inclusion_tag("testbeds/_company_section.html", takes_context=True)
def company_accesses(context, organisation):
    user = context["request"].user
    rows = list(selectors.company_accesses(user, organisation)) if user.is_authenticated else []
    return {"rows": rows, "organisation": organisation, "is_member": organisation.pk in organisation_ids(user)}
