"""Testbeds permissions beyond the URL matrix (tests/testbeds/url_permissions.py tries every URL
as every role on facility A and organisation A's applications): the same pages on another
operator's facility and on applications its operator may not see, and what the pages show.

`OTHER_OBJECTS`: (url name, world keys of its arguments, the roles that get 200). Everyone else
gets 403, anonymous visitors a redirect to the login page. A superuser passes every permission
check, so "admin" is allowed wherever a permission alone decides."""

import pytest
from django.urls import reverse

from bsrstars.accounts.models import Membership
from testbeds import services
from testbeds.models import ApplicationStatus, BlockStatus
from tests.factories import ROLES, people_in_every_role
from tests.smes.factories import company
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
ADMIN = frozenset({"admin"})

OTHER_OBJECTS = [
    # Facility B is another operator's: only programme admins keep it.
    ("testbeds:facility_edit", ("other_facility",), ADMIN),
    ("testbeds:utilisation", ("other_facility",), ADMIN),
    ("testbeds:blackouts", ("other_unit",), ADMIN),
    # A draft is the company's own; the operator sees it once submitted.
    ("testbeds:application", ("draft",), frozenset({"sme", "admin"})),
    # Submitted to facility B: facility A's operator neither sees nor reviews it.
    ("testbeds:application", ("elsewhere",), frozenset({"sme", "authority_skane", "admin"})),
    ("testbeds:application_review", ("elsewhere",), ADMIN),
]


@pytest.fixture
def world():
    people = people_in_every_role()
    sme = people["sme"]
    firm = company(country="SE", region="SE224")
    Membership.objects.create(user=sme, organisation=firm, is_admin=True)
    owner = people["operator"]
    unit = f.unit(f.facility(owner))
    other_facility = f.facility(name="Kaunas Food Pilot Plant", country="LT", region="LT011", tz="Europe/Vilnius")
    other_unit = f.unit(other_facility, name="Extrusion line")
    the_call = f.call(by=people["admin"])
    mine = {"applicant": sme, "organisation": firm}
    submitted = f.draft(the_call, unit, **mine)
    services.submit_application(application=submitted, by=sme)
    draft = f.draft(the_call, unit, **mine)
    elsewhere = f.draft(the_call, other_unit, **mine)
    services.submit_application(application=elsewhere, by=sme)
    booked = f.booked(f.draft(the_call, unit, **mine), start=f.at(20), end=f.at(22), by=people["admin"])
    completed = f.booked(f.draft(the_call, unit, **mine), start=f.at(30), end=f.at(32), by=people["admin"])
    _end_in_the_past(completed)
    services.submit_usage_report(application=completed, by=sme, what_was_tested="Pilot run", results="Fine")
    services.add_blackout(unit=unit, by=owner, start=f.at(50), end=f.at(51), reason="Service")
    return {
        "people": people,
        "firm": firm.pk,
        "unit": unit.pk,
        "other_facility": other_facility.pk,
        "other_unit": other_unit.pk,
        "token": services.new_calendar_token(unit=unit),
        "draft": draft.pk,
        "elsewhere": elsewhere.pk,
        "booked": booked.pk,
        "booking": booked.bookings.get().pk,
    }


def _end_in_the_past(application):
    from testbeds.models import TimeBlock

    shift = application.proposed_end - f.at(-3)
    TimeBlock.objects.filter(application=application).update(
        start=application.proposed_start - shift,
        end=application.proposed_end - shift,
        blocked_until=application.proposed_end - shift,
    )


@pytest.mark.parametrize("role", ROLES)
def test_other_facilities_and_applications_as_every_role(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    for name, keys, allowed in OTHER_OBJECTS:
        response = client.get(reverse(name, args=[world[key] for key in keys]))
        expected = 200 if role in allowed else 302 if role == "anonymous" else 403
        assert response.status_code == expected, (name, keys, role)
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")


def test_the_catalogue_hides_prices_from_anonymous_visitors(client, world):
    html = client.get(reverse("testbeds:unit", args=[world["unit"]])).content.decode()
    assert "Pilot fermentation line" in html and "EUR 1,200" not in html and "per day" not in html
    client.force_login(world["people"]["no_role"])
    html = client.get(reverse("testbeds:unit", args=[world["unit"]])).content.decode()
    assert "per day" in html


def test_a_revoked_feed_link_stops_working(client, world):
    client.force_login(world["people"]["operator"])
    assert client.get(reverse("testbeds:calendar_feed", args=[world["token"]])).status_code == 200
    client.post(reverse("testbeds:calendar_feed_new", args=[world["unit"]]), {"action": "revoke"})
    assert client.get(reverse("testbeds:calendar_feed", args=[world["token"]])).status_code == 404


def test_the_feed_lists_bookings_and_blackouts(client, world):
    body = client.get(reverse("testbeds:calendar_feed", args=[world["token"]])).content.decode()
    assert body.count("BEGIN:VEVENT") == 3  # a coming booking, one that ended days ago, a blackout
    assert "Blocked: Service" in body


def test_an_operator_cannot_review_or_move_for_another_operators_facility(client, world):
    client.force_login(world["people"]["operator"])
    response = client.post(
        reverse("testbeds:application_review", args=[world["elsewhere"]]),
        {"feasible": "no", "comment": "Not for us"},
    )
    assert response.status_code == 403
    from testbeds.models import AccessApplication

    assert AccessApplication.objects.get(pk=world["elsewhere"]).status == ApplicationStatus.SUBMITTED


def test_people_outside_the_company_see_none_of_its_applications(client, world):
    client.force_login(world["people"]["other_sme"])
    html = client.get(reverse("testbeds:my_applications")).content.decode()
    assert "Trondheim Biorefinery Pilot" not in html


def test_cancel_by_the_operator_frees_the_unit(client, world):
    client.force_login(world["people"]["operator"])
    client.post(reverse("testbeds:booking_cancel", args=[world["booking"]]), {"reason": "Broken pump"})
    from testbeds.models import Booking

    assert Booking.objects.get(pk=world["booking"]).status == BlockStatus.CANCELLED


def test_a_grant_shows_on_the_application_page(client, world):
    client.force_login(world["people"]["sme"])
    html = client.get(reverse("testbeds:application", args=[world["booked"]])).content.decode()
    assert "Voucher granted: booked" in html and "EUR 6,000.00" in html


def test_only_the_companys_members_submit(client, world):
    from testbeds.models import AccessApplication

    client.force_login(world["people"]["admin"])
    client.post(reverse("testbeds:application_submit", args=[world["draft"]]))
    assert AccessApplication.objects.get(pk=world["draft"]).status == ApplicationStatus.DRAFT


@pytest.mark.parametrize("role", sorted(SIGNED_IN))
def test_the_company_page_shows_test_facility_access_to_members_authority_and_admins(client, world, role):
    client.force_login(world["people"][role])
    html = client.get(reverse("smes:detail", args=[world["firm"]])).content.decode()
    sees = role in {"sme", "authority_skane", "admin"}
    assert ("Test-facility access" in html) is sees, role
    assert ("Trondheim Biorefinery Pilot" in html) is sees, role
