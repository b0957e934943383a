"""Pages: catalogue filters (availability by the booking rule), the calendar, the application
form's field errors, review and decision through the pages, utilisation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import S3Domain
from testbeds import services
from testbeds.models import AccessApplication, ApplicationStatus, Booking
from tests.factories import UserFactory
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [unit.name for unit in response.context["page"]]


@pytest.fixture
def catalogue():
    no = f.facility()
    lt = f.facility(name="Vilnius Bioprocess Lab", country="LT", region="LT011", tz="Europe/Vilnius")
    fermenter = f.unit(no, name="Fermenter", process_type="fermentation", scale="pilot", feedstocks="whey")
    dryer = f.unit(no, name="Spray dryer", process_type="food", scale="demo", feedstocks="milk", buffer_hours=24)
    lab = f.unit(lt, name="Analytics lab", process_type="analytics", scale="lab", max_days=5)
    fermenter.domains.set(S3Domain.objects.filter(code="BIO.FOOD"))
    return {"fermenter": fermenter, "dryer": dryer, "lab": lab}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Analytics lab", "Fermenter", "Spray dryer"]),
        ({"process_type": "fermentation"}, ["Fermenter"]),
        ({"scale": "demo"}, ["Spray dryer"]),
        ({"country": "LT"}, ["Analytics lab"]),
        ({"domain": "BIO.FOOD"}, ["Fermenter"]),
        ({"q": "milk"}, ["Spray dryer"]),
        ({"q": "bioprocess"}, ["Analytics lab"]),
    ],
)
def test_catalogue_filters(client, catalogue, query, expected):
    assert sorted(_names(client.get(reverse("testbeds:catalogue"), query))) == expected


def test_free_for_n_days_follows_the_booking_rule(client, catalogue):
    """The fermenter is booked days 22–26, the dryer days 20–25 with a day's buffer, both
    within days 20–29; only a unit with room for 5 whole days (buffer included) is found."""
    f.booked(f.draft(the_unit=catalogue["fermenter"]), start=f.at(22, 0), end=f.at(26, 0))
    f.booked(f.draft(the_unit=catalogue["dryer"]), start=f.at(20, 0), end=f.at(25, 0))
    today = timezone.localdate()
    query = {
        "free_from": (today + timedelta(days=20)).isoformat(),
        "free_until": (today + timedelta(days=29)).isoformat(),
        "free_days": 5,
    }
    # Fermenter: free from day 26 00:00 to day 30 00:00 = 4 days; before: days 20–22 = 2 days.
    # Dryer: free from day 26 00:00 (25 + 1 day buffer) = 4 days. Lab: free, takes up to 5 days.
    assert _names(client.get(reverse("testbeds:catalogue"), query)) == ["Analytics lab"]
    assert sorted(_names(client.get(reverse("testbeds:catalogue"), {**query, "free_days": 4}))) == [
        "Analytics lab",
        "Fermenter",
        "Spray dryer",
    ]
    # The lab takes at most 5 days.
    assert _names(client.get(reverse("testbeds:catalogue"), {**query, "free_days": 6})) == []


def test_an_incomplete_availability_search_says_what_is_missing(client, catalogue):
    response = client.get(reverse("testbeds:catalogue"), {"free_days": 3})
    assert "Give both dates" in response.content.decode()
    assert len(_names(response)) == 3


def test_the_calendar_shows_booked_blocked_and_free_time(client, catalogue):
    unit = catalogue["fermenter"]
    # A Monday at least 20 days ahead: the booking (Monday–Wednesday) and the blackout (Thursday)
    # fall in one week whatever today is.
    ahead = 20 + (7 - (timezone.localdate() + timedelta(days=20)).weekday()) % 7
    application = f.booked(f.draft(the_unit=unit), start=f.at(ahead), end=f.at(ahead + 2))
    operator = services.selectors.operators_of(unit.facility).get()
    services.add_blackout(
        unit=unit, by=operator, start=f.at(ahead + 3), end=f.at(ahead + 4), reason="Cleaning in place"
    )
    start = timezone.localdate() + timedelta(days=ahead)
    day = start.isoformat()
    client.force_login(UserFactory())
    week = client.get(reverse("testbeds:calendar", args=[unit.pk]), {"view": "week", "date": day}).content.decode()
    assert "Booked" in week and "Free" in week
    assert application.company.name not in week  # who booked is for the operators only
    client.force_login(operator)
    week = client.get(reverse("testbeds:calendar", args=[unit.pk]), {"view": "week", "date": day}).content.decode()
    assert application.company.name in week and "Cleaning in place" in week
    days = {}
    for shown in (start, start + timedelta(days=3)):  # the two may lie in different months
        month = client.get(reverse("testbeds:calendar", args=[unit.pk]), {"date": shown.isoformat()})
        days |= {cell["date"]: cell for row in month.context["weeks"] for cell in row if cell}
    assert days[start]["state"] == "partly"  # from 08:00
    assert days[start + timedelta(days=1)]["state"] == "taken"
    assert days[start + timedelta(days=3)]["kinds"] == ["blocked"]


def test_the_application_form_shows_the_transnational_rule_as_a_field_error(client, catalogue):
    applicant, organisation = f.sme_member(country="NO", region="NO060")
    f.call()
    client.force_login(applicant)
    unit = catalogue["fermenter"]
    url = reverse("testbeds:application_create") + f"?facility={unit.facility_id}"
    form = client.get(url).context["form"]
    data = {key: value for key, value in f.application_fields().items() if key != "de_minimis_declared"}
    data |= {"company": organisation.pk, "call": form.initial["call"], "units": [unit.pk], "de_minimis_declared": "on"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "transnational access only" in response.content.decode()
    assert AccessApplication.objects.count() == 0


def test_review_and_decision_through_the_pages_book_the_unit(client, catalogue):
    unit = catalogue["fermenter"]
    application = f.draft(the_unit=unit)
    services.submit_application(application=application, by=application.applicant)
    client.force_login(services.selectors.operators_of(unit.facility).get())
    start = (timezone.localdate() + timedelta(days=25)).isoformat()
    end = (timezone.localdate() + timedelta(days=28)).isoformat()
    response = client.post(
        reverse("testbeds:application_review", args=[application.pk]),
        {
            "feasible": "yes",
            "proposed_start": f"{start}T09:00",
            "proposed_end": f"{end}T17:00",
            "proposed_price": "9000",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert timezone.localtime(application.proposed_start, unit.facility.zone).hour == 9
    admin = f.admin()
    client.force_login(admin)
    response = client.post(
        reverse("testbeds:application_decide", args=[application.pk]), {"approve": "yes", "amount": "20000"}
    )
    assert response.status_code == 400 and "at most EUR 10000" in response.content.decode()
    client.post(reverse("testbeds:application_decide", args=[application.pk]), {"approve": "yes", "amount": "7000"})
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == (ApplicationStatus.APPROVED, Decimal("7000"))
    assert Booking.objects.get(application=application).unit == unit


def test_a_conflicting_approval_says_so_and_changes_nothing(client, catalogue):
    unit = catalogue["fermenter"]
    the_call = f.call()
    one = f.feasible(f.draft(the_call, unit), start=f.at(20), end=f.at(23))
    two = f.feasible(f.draft(the_call, unit), start=f.at(22), end=f.at(24))
    services.decide_application(application=one, by=f.admin(), approve=True)
    client.force_login(f.admin())
    response = client.post(reverse("testbeds:application_decide", args=[two.pk]), {"approve": "yes", "amount": "100"})
    assert response.status_code == 400 and "is booked from" in response.content.decode()
    two.refresh_from_db()
    assert two.status == ApplicationStatus.FEASIBLE


def test_utilisation_shows_booked_days_per_month(client, catalogue):
    unit = catalogue["lab"]
    f.booked(
        f.draft(the_unit=unit, duration_days=3), start=f.at(20, 0, "Europe/Vilnius"), end=f.at(23, 0, "Europe/Vilnius")
    )
    client.force_login(services.selectors.operators_of(unit.facility).get())
    response = client.get(reverse("testbeds:utilisation", args=[unit.facility_id]))
    months = response.context["rows"][0]["months"]
    assert sum(m["booked_days"] for m in months) == 3.0
    assert "<svg" in response.content.decode() and "Days booked per month: Analytics lab" in response.content.decode()


def test_utilisation_downloads_and_the_calls_page_show_the_figures(client, catalogue):
    unit = catalogue["lab"]
    f.booked(
        f.draft(the_unit=unit, duration_days=2), start=f.at(20, 0, "Europe/Vilnius"), end=f.at(22, 0, "Europe/Vilnius")
    )
    client.force_login(services.selectors.operators_of(unit.facility).get())
    csv = client.get(reverse("testbeds:utilisation_export", args=[unit.facility_id, "csv"])).content.decode()
    assert csv.splitlines()[0] == "unit,month,booked_days,share"
    assert sum(float(line.split(",")[2]) for line in csv.splitlines()[1:]) == 2.0
    html = client.get(reverse("testbeds:calls")).content.decode()
    assert "1 of 10 projects, EUR 6,000 of 100,000" in html


def test_the_admin_lists_testbeds_rows(client, catalogue):
    f.booked(f.draft(the_unit=catalogue["lab"], duration_days=2), start=f.at(20), end=f.at(22))
    admin = f.admin()
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    for model in ("facility", "vouchercall", "accessapplication", "timeblock", "usagereport"):
        assert client.get(f"/admin/testbeds/{model}/").status_code == 200, model
