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


def test_a_facilitator_opens_a_call_with_dates_in_its_time_zone_and_places_per_region(client):
    from coaching.models import Call

    facilitator = f.facilitator()
    client.force_login(facilitator)
    data = {
        "title": "Spring call",
        "description": "Coaching for food SMEs.",
        "timezone": "Europe/Vilnius",
        "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-04-01T16:00",
        "places": "12",
        "hours_allowance": "20",
        "target_domains": [S3Domain.objects.get(code="BIO.FOOD").pk],
        "places_LT011": "4",
    }
    response = client.post(reverse("coaching:call_create"), data)
    call = Call.objects.get(title="Spring call")
    assert response["Location"] == reverse("coaching:call", args=[call.pk])
    assert timezone.localtime(call.opens_at, call.zone).strftime("%Y-%m-%d %H:%M") == "2027-03-01 09:00"
    assert [(q.region.code, q.places) for q in call.region_places.all()] == [("LT011", 4)]
    too_many = client.post(reverse("coaching:call_create"), {**data, "title": "Bad", "places_SE224": "20"})
    assert too_many.context["form"].errors["places_SE224"] == ["A region cannot have more places than the call."]
    assert not Call.objects.filter(title="Bad").exists()


def test_coach_and_company_keep_the_action_plan(client):
    a = f.assignment()
    client.force_login(a.coach.user)
    client.post(reverse("coaching:goal_add", args=[a.pk]), {"title": "Enter Denmark"})
    goal = a.goals.get()
    client.post(
        reverse("coaching:task_add", args=[a.pk]),
        {"title": "Draft the pitch", "goal": goal.pk, "owner": "sme", "due_date": "2027-02-01"},
    )
    task = a.tasks.get()
    client.force_login(a.application.created_by)
    client.post(reverse("coaching:task_update", args=[a.pk, task.pk]), {"status": "done", "comment": "Sent it."})
    task.refresh_from_db()
    assert (task.goal, task.owner, task.status) == (goal, "sme", "done")
    html = client.get(reverse("coaching:plan", args=[a.pk])).content.decode()
    assert "Enter Denmark" in html and "Sent it." in html


def test_closing_feedback_outcome_and_follow_up_through_the_pages(client):
    from coaching import services
    from coaching.models import FollowUp

    a = f.assignment()
    client.force_login(a.coach.user)
    client.post(reverse("coaching:closing_report", args=[a.pk]), {"report": "Goals met."})
    member = a.application.created_by
    client.force_login(member)
    client.post(reverse("coaching:feedback", args=[a.pk]), {"satisfaction": "5", "usefulness": "4", "comments": ""})
    response = client.post(reverse("coaching:outcome_add", args=[a.pk]), {"kind": "financing"}, follow=True)
    assert "Name the financing programme." in response.content.decode()
    client.post(
        reverse("coaching:outcome_add", args=[a.pk]), {"kind": "financing", "programme": "EIC", "amount_eur": "100000"}
    )
    a.refresh_from_db()
    assert (a.feedback.satisfaction, a.feedback.usefulness, a.outcomes.get().programme) == (5, 4, "EIC")
    services.send_follow_ups(now=a.closed_at + timedelta(days=100))
    follow_up = FollowUp.objects.get(assignment=a)
    page = client.get(reverse("coaching:follow_up", args=[follow_up.pk]))
    assert "EIC" in page.content.decode()
    client.post(reverse("coaching:follow_up", args=[follow_up.pk]), {"note": "Applied again."})
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None and follow_up.note == "Applied again."


def test_the_overview_shows_each_calls_funnel_and_hours(client):
    from coaching import services

    call = f.call()
    a = f.assignment(call)
    services.confirm_session(session=f.session(a, minutes=90), by=a.application.created_by)
    f.accepted(call)
    f.application(call)
    services.close_coaching(assignment=a, by=a.coach.user, report="Done")
    client.force_login(call.created_by)
    response = client.get(reverse("coaching:overview"))
    [row] = response.context["rows"]
    assert (row.applied, row.accepted, row.assigned, row.completed, row.hours_delivered) == (3, 2, 1, 1, 1.5)
    html = response.content.decode()
    assert html.count('role="img"') == 2 and "Coaching funnel, all calls" in html
