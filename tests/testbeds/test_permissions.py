"""Every testbeds URL as every role, with the data that could leak created first.

`EXPECTATIONS` is the reusable list: (url name, world keys of its arguments, method, the roles
that get `ok`, ok). Everyone else gets 403, anonymous visitors a redirect to the login page
(302) unless the page is public. A superuser passes every permission check, so "admin" is
allowed wherever a permission alone decides."""

import pytest
from django.urls import reverse

from bsrstars.accounts.models import Membership
from testbeds import services
from testbeds.models import ApplicationStatus, BlockStatus
from tests.factories import ROLES, people_in_every_role
from tests.smes.factories import company
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
SME_MEMBERS = frozenset({"sme", "other_sme", "admin"})
KEEPS = frozenset({"operator", "admin"})
ADMIN = frozenset({"admin"})

EXPECTATIONS = [
    ("testbeds:catalogue", (), "get", EVERYONE, 200),
    ("testbeds:facility", ("facility",), "get", EVERYONE, 200),
    ("testbeds:unit", ("unit",), "get", EVERYONE, 200),
    ("testbeds:calendar_feed", ("token",), "get", EVERYONE, 200),
    ("testbeds:calendar", ("unit",), "get", SIGNED_IN, 200),
    ("testbeds:calls", (), "get", SIGNED_IN, 200),
    ("testbeds:call_create", (), "get", ADMIN, 200),
    ("testbeds:decisions", (), "get", ADMIN, 200),
    ("testbeds:operator", (), "get", KEEPS, 200),
    ("testbeds:facility_create", (), "get", KEEPS, 200),
    ("testbeds:facility_edit", ("facility",), "get", KEEPS, 200),
    ("testbeds:facility_edit", ("other_facility",), "get", ADMIN, 200),
    ("testbeds:unit_create", ("facility",), "get", KEEPS, 200),
    ("testbeds:utilisation", ("facility",), "get", KEEPS, 200),
    ("testbeds:utilisation", ("other_facility",), "get", ADMIN, 200),
    ("testbeds:utilisation_export", ("facility", "csv"), "get", KEEPS, 200),
    ("testbeds:unit_edit", ("unit",), "get", KEEPS, 200),
    ("testbeds:blackouts", ("unit",), "get", KEEPS, 200),
    ("testbeds:blackouts", ("other_unit",), "get", ADMIN, 200),
    ("testbeds:my_applications", (), "get", SME_MEMBERS, 200),
    ("testbeds:application", ("submitted",), "get", frozenset({"sme", "operator", "authority_skane", "admin"}), 200),
    ("testbeds:application", ("draft",), "get", frozenset({"sme", "admin"}), 200),
    ("testbeds:application", ("elsewhere",), "get", frozenset({"sme", "authority_skane", "admin"}), 200),
    ("testbeds:application_edit", ("draft",), "get", frozenset({"sme", "admin"}), 200),
    ("testbeds:application_review", ("submitted",), "get", KEEPS, 200),
    ("testbeds:application_review", ("elsewhere",), "get", ADMIN, 200),
    ("testbeds:application_decide", ("feasible",), "get", ADMIN, 200),
    ("testbeds:usage_report", ("booked",), "get", frozenset({"sme", "admin"}), 200),
    ("testbeds:booking_move", ("booking",), "get", KEEPS, 200),
    # Admins pass the permission but not the service's rule (members submit): back to the draft.
    ("testbeds:application_submit", ("draft",), "post", frozenset({"sme", "admin"}), 302),
    ("testbeds:booking_cancel", ("booking",), "post", KEEPS, 302),
    ("testbeds:calendar_feed_new", ("unit",), "post", KEEPS, 302),
    ("testbeds:blackout_remove", ("unit", "blackout"), "post", KEEPS, 302),
    ("testbeds:usage_confirm", ("completed",), "post", KEEPS, 302),
]


def expected_status(role: str, allowed: frozenset, ok: int) -> int:
    if role in allowed:
        return ok
    return 302 if role == "anonymous" else 403


@pytest.fixture
def world():
    people = people_in_every_role()
    sme = people["sme"]
    firm = company(country="SE", region="SE224")
    Membership.objects.create(user=sme, organisation=firm, is_admin=True)
    owner = people["operator"]
    facility = f.facility(owner)
    unit = f.unit(facility)
    other_facility = f.facility(name="Kaunas Food Pilot Plant", country="LT", region="LT011", tz="Europe/Vilnius")
    other_unit = f.unit(other_facility, name="Extrusion line")
    the_call = f.call(by=people["admin"])
    mine = {"applicant": sme, "organisation": firm}
    submitted = f.draft(the_call, unit, **mine)
    services.submit_application(application=submitted, by=sme)
    draft = f.draft(the_call, unit, **mine)
    elsewhere = f.draft(the_call, other_unit, **mine)
    services.submit_application(application=elsewhere, by=sme)
    feasible = f.feasible(f.draft(the_call, unit), start=f.at(40), end=f.at(42))
    booked = f.booked(f.draft(the_call, unit, **mine), start=f.at(20), end=f.at(22), by=people["admin"])
    completed = f.booked(f.draft(the_call, unit, **mine), start=f.at(30), end=f.at(32), by=people["admin"])
    _end_in_the_past(completed)
    services.submit_usage_report(application=completed, by=sme, what_was_tested="Pilot run", results="Fine")
    blackout = services.add_blackout(unit=unit, by=owner, start=f.at(50), end=f.at(51), reason="Service")
    return {
        "people": people,
        "firm": firm.pk,
        "facility": facility.pk,
        "unit": unit.pk,
        "other_facility": other_facility.pk,
        "other_unit": other_unit.pk,
        "token": services.new_calendar_token(unit=unit),
        "submitted": submitted.pk,
        "draft": draft.pk,
        "elsewhere": elsewhere.pk,
        "feasible": feasible.pk,
        "booked": booked.pk,
        "booking": booked.bookings.get().pk,
        "completed": completed.pk,
        "blackout": blackout.pk,
        "csv": "csv",
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
def test_every_testbeds_url_as_every_role(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    for name, keys, method, allowed, ok in EXPECTATIONS:
        url = reverse(name, args=[world[key] for key in keys])
        data = {"days_used": "2", "reason": "test"} if method == "post" else None
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == expected_status(role, allowed, ok), (name, keys, role)
        if response.status_code == 302 and role == "anonymous" and role not in allowed:
            assert "/accounts/login/" in response["Location"]


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
