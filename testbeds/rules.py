"""Who may do what with test facilities. Object scope is checked here, in one place:

- operators keep the facilities of organisations they belong to, and review applications for them;
- SME members apply for their company and see their company's applications;
- the programme (programme admins) opens calls and decides on vouchers;
- the regional authority of the company's region reads its applications (the company page).
"""

import rules

from bsrstars.accounts.rules import (
    is_authority_for,
    is_facility_operator,
    is_programme_admin,
    is_signed_in,
    is_sme_member,
    organisation_ids,
)


def _facility_of(obj):
    from .models import AccessApplication, Facility, TimeBlock, Unit

    if isinstance(obj, Facility):
        return obj
    if isinstance(obj, Unit | AccessApplication):
        return obj.facility
    if isinstance(obj, TimeBlock):
        return obj.unit.facility
    return None


@rules.predicate
def operates(user, obj):
    """A facility operator who belongs to the organisation running the facility (of the unit,
    application or booking)."""
    facility = _facility_of(obj)
    return facility is not None and is_facility_operator(user) and facility.operator_id in organisation_ids(user)


@rules.predicate
def is_applicant_member(user, application):
    return application is not None and application.company_id in organisation_ids(user)


@rules.predicate
def is_authority_of_company(user, application):
    return application is not None and is_authority_for(user, application.company.region)


@rules.predicate
def is_submitted(user, application):
    return application is not None and application.status != "draft"


@rules.predicate
def is_draft(user, application):
    return application is not None and application.status == "draft"


@rules.predicate
def awaits_operator(user, application):
    return application is not None and application.status == "submitted"


@rules.predicate
def awaits_decision(user, application):
    return application is not None and application.status == "feasible"


keeps_facility = operates | is_programme_admin

rules.add_perm("testbeds.view_catalogue", rules.always_allow)
rules.add_perm("testbeds.view_prices", is_signed_in)
rules.add_perm("testbeds.view_calendar", is_signed_in)
rules.add_perm("testbeds.add_facility", is_facility_operator | is_programme_admin)
rules.add_perm("testbeds.change_facility", keeps_facility)
rules.add_perm("testbeds.view_bookings", keeps_facility)
rules.add_perm("testbeds.change_booking", keeps_facility)
rules.add_perm("testbeds.operate", is_facility_operator | is_programme_admin)

rules.add_perm("testbeds.view_calls", is_signed_in)
rules.add_perm("testbeds.add_call", is_programme_admin)
rules.add_perm("testbeds.apply", is_sme_member)
rules.add_perm("testbeds.view_own_applications", is_sme_member)
rules.add_perm(
    "testbeds.view_application",
    is_applicant_member | (is_submitted & (operates | is_authority_of_company)) | is_programme_admin,
)
rules.add_perm("testbeds.change_application", is_applicant_member & is_draft)
rules.add_perm("testbeds.review_application", operates & awaits_operator)
rules.add_perm("testbeds.decide", is_programme_admin)
rules.add_perm("testbeds.decide_application", is_programme_admin & awaits_decision)
rules.add_perm("testbeds.report_usage", is_applicant_member)
rules.add_perm("testbeds.confirm_usage", keeps_facility)
rules.add_perm("testbeds.view_company_accesses", is_signed_in)
