"""The one view decorator of the portal: anonymous visitors are sent to log in; signed-in people
without the permission get 403. Object scope comes from `fn` (as in rules' own decorator).

A refusal carries the reason the 403 page shows: which role or membership gives access, read
from the permission's rule (the predicates it combines), so the page never goes stale."""

import re
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rules.contrib.views import permission_required as rules_permission_required

from bsrstars.accounts import roles

# What each object predicate means to a person (the role predicates come from roles.LABELS).
PREDICATE_PHRASES = {
    "is_programme_admin": _("a programme admin"),
    "is_sme_member": _("a member of a registered SME"),
    "is_member_of": _("a member of this organisation"),
    "is_admin_of": _("an admin member of this organisation"),
    "is_authority_for": _("the regional authority of this region"),
    "is_region_authority": _("the regional authority of the company's region"),
    "is_authority_of_company": _("the regional authority of the company's region"),
    "is_organiser": _("the event's organiser"),
    "is_editing_co_organiser": _("a co-organiser who may edit the event"),
    "is_co_organiser": _("a co-organiser of the event"),
    "is_participant": _("registered for this event"),
    "is_company_member": _("a member of the company"),
    "is_applicant_member": _("a member of the applying company"),
    "is_assigned_coach": _("the company's assigned coach"),
    "is_author": _("the brief's author"),
    "operates": _("an operator of this facility"),
    "keeps_facility": _("an operator of this facility"),
    "is_self": _("the account holder"),
}
_NAME = re.compile(r"has_role:(\w+)|(\w+)")


def who_may(perm: str) -> list[str]:
    """The roles and memberships that can pass `perm`'s rule, in the rule's order."""
    predicate = rules.permissions.permissions.get(perm) if rules.perm_exists(perm) else None
    if predicate is None:
        return []
    found = []
    for role, name in _NAME.findall(predicate.name or ""):
        if role:
            phrase = format_lazy(_("the {role} role"), role=roles.LABELS[role]) if role in roles.LABELS else None
        else:
            phrase = PREDICATE_PHRASES.get(name)
        if phrase is not None and str(phrase) not in found:
            found.append(str(phrase))
    return found


def denial_reason(perm: str) -> str:
    who = who_may(perm)
    if not who:
        return ""
    return str(format_lazy(_("This page is open to: {who}."), who="; ".join(who)))


def permission_required(perm, fn=None):
    def decorator(view_func):
        checked = rules_permission_required(perm, fn=fn, raise_exception=True)(view_func)

        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                return checked(request, *args, **kwargs)
            except PermissionDenied as exc:
                if exc.args:  # the view said why itself
                    raise
                raise PermissionDenied(denial_reason(perm)) from None

        return wrapped

    return decorator
