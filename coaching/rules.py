"""Who may do what in coaching. Object scope lives here: the company's members, the assigned
coach, reviewers (facilitators and programme admins) and the authority of the company's region."""

import rules

from bsrstars.accounts.rules import (
    is_authority_for,
    is_coach,
    is_facilitator,
    is_member_of,
    is_programme_admin,
    is_signed_in,
    is_sme_member,
)

is_reviewer = is_facilitator | is_programme_admin


def _organisation(obj):
    """The company an application, assignment or session belongs to (or the organisation itself)."""
    from bsrstars.accounts.models import Organisation

    from .models import Application, Assignment, CoachingSession

    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Application):
        return obj.organisation
    if isinstance(obj, Assignment):
        return obj.application.organisation
    if isinstance(obj, CoachingSession):
        return obj.assignment.application.organisation
    return None


def _assignment(obj):
    from .models import Application, Assignment, CoachingSession

    if isinstance(obj, Assignment):
        return obj
    if isinstance(obj, CoachingSession):
        return obj.assignment
    if isinstance(obj, Application):
        return getattr(obj, "assignment", None) if obj.pk else None
    return None


@rules.predicate
def is_company_member(user, obj):
    return is_member_of(user, _organisation(obj))


@rules.predicate
def is_assigned_coach(user, obj):
    assignment = _assignment(obj)
    return assignment is not None and assignment.coach.user_id == user.pk


@rules.predicate
def is_region_authority(user, obj):
    organisation = _organisation(obj)
    return organisation is not None and is_authority_for(user, organisation.region)


@rules.predicate
def is_open_assignment(user, obj):
    assignment = _assignment(obj)
    return assignment is not None and not assignment.is_closed


@rules.predicate
def is_closed_assignment(user, obj):
    assignment = _assignment(obj)
    return assignment is not None and assignment.is_closed


rules.add_perm("coaching.view_call_list", is_signed_in)
rules.add_perm("coaching.view_call", is_signed_in)
rules.add_perm("coaching.add_call", is_reviewer)
rules.add_perm("coaching.apply", is_sme_member)
rules.add_perm("coaching.view_my_applications", is_signed_in)
rules.add_perm("coaching.view_application", is_company_member | is_assigned_coach | is_reviewer)
rules.add_perm("coaching.change_application", is_company_member)
rules.add_perm("coaching.review", is_reviewer)
rules.add_perm("coaching.assign_coach", is_reviewer)
rules.add_perm("coaching.view_coach_pool", is_reviewer)
rules.add_perm("coaching.change_own_coach_profile", is_coach)
rules.add_perm("coaching.view_my_assignments", is_coach)
rules.add_perm("coaching.view_plan", is_company_member | is_assigned_coach | is_reviewer)
rules.add_perm("coaching.change_plan", (is_company_member | is_assigned_coach) & is_open_assignment)
rules.add_perm("coaching.log_session", is_assigned_coach & is_open_assignment)
rules.add_perm("coaching.answer_session", is_company_member)
rules.add_perm("coaching.raise_allowance", is_reviewer)
rules.add_perm("coaching.resolve_dispute", is_reviewer)
rules.add_perm("coaching.close", is_assigned_coach & is_open_assignment)
rules.add_perm("coaching.give_feedback", is_company_member & is_closed_assignment)
rules.add_perm("coaching.record_outcome", (is_company_member | is_assigned_coach) & is_closed_assignment)
rules.add_perm("coaching.view_overview", is_reviewer)
rules.add_perm("coaching.view_company_coaching", is_company_member | is_region_authority | is_reviewer)
