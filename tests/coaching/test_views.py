"""Coaching pages as people use them: applying, reviewing and exporting, logging sessions with
bad input, and private coach notes that never reach the company."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import NEEDS, AllowanceRaise, Application, CoachingSession
from regions.models import S3Domain
from tests.coaching import factories as f
from tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-xyz"


def _form_data(**overrides):
    data = {
        "challenge": "Export our algae protein.",
        "expertise_wanted": "Nordic retail.",
        "languages": ["en"],
        "domains": [S3Domain.objects.get(code="BIO.FOOD").pk],
        **{n: "3" for n, _l in NEEDS},
    }
    data.update(overrides)
    return data


def test_an_sme_saves_a_draft_then_submits_and_sees_the_status(client):
    call = f.call()
    member, org = f.sme_member()
    client.force_login(member)
    response = client.post(
        reverse("coaching:apply", args=[call.pk]), {"organisation": org.pk, "challenge": "Half", "save": "1"}
    )
    app = Application.objects.get(call=call, organisation=org)
    assert response["Location"] == reverse("coaching:application", args=[app.pk]) and app.status == "draft"
    response = client.post(reverse("coaching:application_edit", args=[app.pk]), {"challenge": "Half", "submit": "1"})
    assert response["Location"] == reverse("coaching:application_edit", args=[app.pk])
    app.refresh_from_db()
    assert app.status == "draft"
    response = client.post(
        reverse("coaching:application_edit", args=[app.pk]), {**_form_data(), "submit": "1"}, follow=True
    )
    app.refresh_from_db()
    assert app.status == "submitted"
    html = response.content.decode()
    assert "Your application was submitted." in html and "Submitted" in html
    assert "In screening" not in html


def test_applying_to_a_closed_call_or_twice_shows_a_clear_error_and_saves_nothing(client):
    closed = f.call(open_now=False)
    member, org = f.sme_member()
    client.force_login(member)
    response = client.post(reverse("coaching:apply", args=[closed.pk]), {"organisation": org.pk, **_form_data()})
    assert "The call is not open for applications." in response.content.decode()
    call = f.call()
    f.application(call, member=member, organisation=org)
    response = client.post(reverse("coaching:apply", args=[call.pk]), {"organisation": org.pk, **_form_data()})
    assert "has applied to this call already" in response.content.decode()
    assert Application.objects.filter(organisation=org).count() == 1


def test_a_score_out_of_range_is_a_field_error(client):
    call = f.call()
    member, org = f.sme_member()
    client.force_login(member)
    response = client.post(
        reverse("coaching:apply", args=[call.pk]), {"organisation": org.pk, **_form_data(need_financing="9")}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["need_financing"]
    assert not Application.objects.exists()


def test_review_filters_by_status_country_and_domain_and_exports_the_same_rows(client):
    call = f.call()
    lt_member, lt_org = f.sme_member(country="LT", region="LT011")
    lt_app = f.accepted(call, member=lt_member, organisation=lt_org, domains=("DIG.DATA",))
    se_app = f.application(call)
    client.force_login(call.created_by)
    page = client.get(reverse("coaching:review"), {"country": "LT"})
    assert [a.pk for a in page.context["page"]] == [lt_app.pk]
    page = client.get(reverse("coaching:review"), {"status": "submitted"})
    assert [a.pk for a in page.context["page"]] == [se_app.pk]
    page = client.get(reverse("coaching:review"), {"domain": "DIG.DATA"})
    assert [a.pk for a in page.context["page"]] == [lt_app.pk]
    export = client.get(reverse("coaching:review_export", args=["csv"]), {"country": "LT"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [(r["company"], r["status"], r["domains"]) for r in rows] == [(lt_org.name, "accepted", "DIG.DATA")]
    xlsx = client.get(reverse("coaching:review_export", args=["xlsx"]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="coaching-applications.xlsx"'


def test_a_facilitator_assigns_the_top_suggestion(client):
    app = f.accepted()
    dane = f.coach("DK", full_name="Dana Dane")
    f.coach("SE", full_name="Sven Same")
    client.force_login(app.call.created_by)
    page = client.get(reverse("coaching:suggestions", args=[app.pk]))
    html = page.content.decode()
    assert html.index("Dana Dane") < html.index("Sven Same")
    assert "not transnational" in html and "Domain fit: BIO.FOOD" in html
    response = client.post(reverse("coaching:suggestions", args=[app.pk]), {"coach": dane.pk})
    app.refresh_from_db()
    assert app.assignment.coach == dane
    assert response["Location"] == reverse("coaching:plan", args=[app.assignment.pk])


def _session_post(client, a, **overrides):
    day = (timezone.now() - timedelta(days=2)).date().isoformat()
    data = {"day": day, "start_time": "10:00", "duration_minutes": "60", "mode": "online", "summary": "Plan"}
    data.update(overrides)
    return client.post(reverse("coaching:sessions", args=[a.pk]), data)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"duration_minutes": "0"}, "duration_minutes", "at least one minute"),
        ({"duration_minutes": "-15"}, "duration_minutes", "at least one minute"),
        ({"day": (timezone.now() + timedelta(days=2)).date().isoformat()}, "day", "ends in the future"),
        ({"duration_minutes": "1500"}, "duration_minutes", ""),
        ({"duration_minutes": "600"}, "duration_minutes", "exceed the allowance"),
    ],
)
def test_bad_sessions_get_a_field_error_and_nothing_is_saved(client, overrides, field, message):
    a = f.assignment(f.call(hours=5))
    client.force_login(a.coach.user)
    response = _session_post(client, a, **overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert message in " ".join(errors)
    assert not CoachingSession.objects.exists()


def test_overlapping_session_is_a_field_error(client):
    a = f.assignment()
    client.force_login(a.coach.user)
    assert _session_post(client, a).status_code == 302
    response = _session_post(client, a, start_time="10:30")
    assert "another session logged at that time" in " ".join(response.context["form"].errors["start_time"])
    assert CoachingSession.objects.count() == 1


def test_an_allowance_raise_without_a_reason_is_refused(client):
    a = f.assignment()
    client.force_login(a.assigned_by)
    response = client.post(reverse("coaching:allowance_raise", args=[a.pk]), {"hours": "2", "reason": ""})
    assert response.status_code == 200
    assert response.context["allowance_form"].errors["reason"] == ["Give the reason for raising the allowance."]
    assert not AllowanceRaise.objects.exists()


def test_the_sme_confirms_and_disputes_sessions_and_the_ledger_shows_it(client):
    a = f.assignment()
    first, second = f.session(a, days_ago=3, minutes=90), f.session(a, days_ago=2, minutes=60)
    client.force_login(a.application.created_by)
    url = reverse("coaching:session_answer", args=[a.pk, first.pk])
    client.post(url, {"answer": "confirm"})
    url = reverse("coaching:session_answer", args=[a.pk, second.pk])
    client.post(url, {"answer": "dispute", "reason": "Cancelled by phone."})
    page = client.get(reverse("coaching:sessions", args=[a.pk]))
    ledger = page.context["ledger"]
    assert (ledger.confirmed, ledger.pending, ledger.disputed, ledger.left) == (90, 0, 60, 20 * 60 - 90)
    html = page.content.decode()
    assert 'role="img"' in html and "Coaching hours: used against the allowance" in html


def _xlsx_text(response) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)


def _pages_for_the_company(a):
    return [
        reverse("coaching:sessions", args=[a.pk]),
        reverse("coaching:plan", args=[a.pk]),
        reverse("coaching:closing", args=[a.pk]),
        reverse("coaching:application", args=[a.application_id]),
        reverse("coaching:my_applications"),
        reverse("smes:detail", args=[a.application.organisation_id]),
    ]


def test_private_notes_never_reach_the_company_or_reviewers_but_the_coach_sees_them(client):
    a = f.assignment()
    f.session(a, private_notes=SECRET)
    member = a.application.created_by
    colleague = UserFactory()
    a.application.organisation.memberships.create(user=colleague)
    reviewer = a.assigned_by
    for person in (member, colleague, reviewer):
        client.force_login(person)
        for url in _pages_for_the_company(a):
            response = client.get(url)
            assert response.status_code == 200, url
            assert SECRET not in response.content.decode(), (url, person)
    assert SECRET not in client.get(reverse("coaching:review_export", args=["csv"])).content.decode()
    xlsx = _xlsx_text(client.get(reverse("coaching:review_export", args=["xlsx"])))
    assert a.application.organisation.name in xlsx and SECRET not in xlsx
    client.force_login(a.coach.user)
    assert SECRET in client.get(reverse("coaching:sessions", args=[a.pk])).content.decode()


def test_a_second_coach_of_the_company_does_not_see_the_first_coachs_notes(client):
    a = f.assignment()
    f.session(a, private_notes=SECRET)
    other = f.coach("FI")
    give_role(other.user, "facilitator")  # even a coach who also reviews
    client.force_login(other.user)
    assert SECRET not in client.get(reverse("coaching:sessions", args=[a.pk])).content.decode()
