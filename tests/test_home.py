"""The landing page: what waits for each person, from the modules' home providers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bsrstars import home
from bsrstars.accounts.models import MembershipRequest, User
from events import requests as event_requests
from events import services as event_services
from events.models import Event, FollowUpSurvey
from regions import services as region_services
from tests.events.factories import event as make_event
from tests.factories import OrganisationFactory, UserFactory, give_role, person, region

pytestmark = pytest.mark.django_db


def _home(client, email):
    client.force_login(User.objects.get(email=email))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _titles(response, kind):
    return [str(item.title) for item in getattr(response.context["home"], kind)]


# --- the demo, role by role -------------------------------------------------------------


def test_sme2_is_told_three_meeting_requests_wait_for_an_answer(client, demo_data):
    response = _home(client, "sme2@example.org")
    tasks = response.context["home"].tasks
    requests = [t for t in tasks if "meeting request" in str(t.title)]
    assert [t.count for t in requests] == [3]
    assert requests[0].deadline is not None
    assert requests[0].url.endswith("/requests/")
    assert "3 meeting requests to answer" in response.content.decode()


def test_sme_is_told_the_follow_up_survey_waits(client, demo_data):
    response = _home(client, "sme@example.org")
    surveys = [t for t in response.context["home"].tasks if "Follow-up survey" in str(t.title)]
    assert len(surveys) == 1
    assert surveys[0].url.endswith("/follow-up/")
    html = response.content.decode()
    assert "Follow-up survey to fill" in html
    # and its company's profile, as a status with a way to edit it
    assert "Skåne Algae Solutions AB" in _titles(response, "statuses")


def test_facilitator_sees_the_events_he_organises_with_their_state(client, demo_data):
    response = _home(client, "facilitator@example.org")
    statuses = {str(s.title): s for s in response.context["home"].statuses if str(s.group) == "Events you organise"}
    upcoming = statuses["Waste to Valuables: research–business matchmaking"]
    labels = [str(b.label) for b in upcoming.badges]
    assert "Registration open" in labels
    assert any("registered" in label for label in labels)
    event = Event.objects.get(title=upcoming.title)
    assert upcoming.url == reverse("events:detail", kwargs={"pk": event.pk})
    # the policy-learning workshop ended 40 days ago: its report is ready
    ended = statuses["Peer review: monitoring smart specialisation"]
    assert "Report ready" in [str(b.label) for b in ended.badges]
    assert f'href="{upcoming.url}"' in response.content.decode()


def test_authority_sees_its_region_profile_edit_link_and_indicators_against_target(client, demo_data):
    response = _home(client, "authority.skane@example.org")
    statuses = response.context["home"].statuses
    profile = next(s for s in statuses if str(s.group) == "Your region" and "S3 profile" in str(s.title))
    assert (str(profile.links[0][0]), profile.links[0][1]) == (
        "Edit the profile",
        reverse("regions:profile_edit", kwargs={"code": "SE224"}),
    )
    indicators = [s for s in statuses if str(s.group) == "Your region's indicators"]
    with_target = [s for s in indicators if s.target is not None]
    assert with_target, "the demo sets a regional target for SMEs in events"
    assert with_target[0].target == 80.0
    assert with_target[0].percent is not None
    learning = next(s for s in statuses if str(s.title) == "Policy learning")
    assert "took part in" in str(learning.detail)
    html = response.content.decode()
    assert reverse("regions:profile_edit", kwargs={"code": "SE224"}) in html
    assert "<progress" in html


def test_admin_sees_the_programme_queues(client, demo_data):
    response = _home(client, "admin@example.org")
    assert response.status_code == 200
    # every task the admin is shown links somewhere the admin may go
    for item in response.context["home"].tasks:
        assert client.get(item.url).status_code in (200, 302)


def test_person_with_nothing_waiting_is_told_so(client, reference_data):
    client.force_login(UserFactory())
    html = client.get(reverse("home")).content.decode()
    assert "Nothing waits for you right now." in html


def test_tasks_are_ordered_by_deadline_soonest_first_then_undated():
    now = timezone.now()
    late = home.Item(kind=home.TASK, title="b", deadline=now + timedelta(days=9))
    soon = home.Item(kind=home.TASK, title="a", deadline=now + timedelta(days=1))
    undated = home.Item(kind=home.TASK, title="c")
    assert sorted([undated, late, soon], key=home.Item.sort_key) == [soon, late, undated]


# --- the query count does not grow with a person's items ----------------------------------


def _busy_person(n: int):
    """A person who is an SME member, a facilitator and Skåne's authority, with `n` of each:
    events organised, meeting requests to answer (one per event), follow-up surveys, upcoming
    registrations, join requests to decide, policy-learning activities."""
    user = person("facilitator", org_kind="sme")
    give_role(user, "regional_authority", "SE224")
    company = user.memberships.get().organisation
    authority = OrganisationFactory(kind="regional_authority")
    authority.memberships.create(user=user, is_admin=True)
    for i in range(n):
        organised = make_event(organiser=user, title=f"Organised {i}")
        other = make_event(title=f"Attended {i}")
        mine = event_services.register(event=other, person=user, organisation=company)
        sender = person()
        theirs = event_services.register(event=other, person=sender, organisation=sender.memberships.get().organisation)
        event_requests.send_request(sender=theirs, recipient=mine)
        FollowUpSurvey.objects.create(registration=mine)
        event_services.register(event=organised, person=sender, organisation=sender.memberships.get().organisation)
        MembershipRequest.objects.create(organisation=company, user=UserFactory())
        region_services.record_policy_learning(
            title=f"Workshop {i}",
            kind="workshop",
            day=timezone.localdate() - timedelta(days=i + 1),
            host_region=region("SE224"),
            description="",
            participants=[authority],
            created_by=user,
        )
    return user


def _queries(client, user) -> tuple[int, object]:
    client.force_login(user)
    client.get(reverse("home"))  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured), response


def test_home_query_count_is_the_same_for_one_and_for_twenty_items_of_each_kind(client, reference_data):
    one, response_one = _queries(client, _busy_person(1))
    twenty, response_twenty = _queries(client, _busy_person(20))
    assert len(response_one.context["home"].tasks) >= 3
    requests = [t for t in response_twenty.context["home"].tasks if "meeting request" in str(t.title)]
    assert len(requests) == 20
    assert [t for t in response_twenty.context["home"].tasks if "to join" in str(t.title)][0].count == 20
    assert twenty == one


# --- cards promise only what the person may do -----------------------------------------------


def _card_urls(response) -> list[str]:
    return [entry.url() for _heading, entries in response.context["sections"] for entry in entries]


def test_authority_is_not_offered_a_statistics_import_and_smes_no_api_card(client, demo_data):
    authority = _card_urls(_home(client, "authority.skane@example.org"))
    assert reverse("regions:statistics") in authority
    assert reverse("regions:statistics_import") not in authority
    assert reverse("regions:policy_learning") in authority
    sme = _card_urls(_home(client, "sme@example.org"))
    assert reverse("api-docs") not in sme
    partner = _card_urls(_home(client, "partner@example.org"))
    assert reverse("regions:statistics_import") in partner
    assert reverse("api-docs") in partner


def test_authority_records_a_policy_learning_activity_for_its_own_authority(client, demo_data):
    from regions.models import PolicyLearningActivity

    client.force_login(User.objects.get(email="authority.skane@example.org"))
    form = client.get(reverse("regions:policy_learning_new")).context["form"]
    assert [o.name for o in form.fields["participants"].queryset] == ["Region Skåne"]
    response = client.post(
        reverse("regions:policy_learning_new"),
        {"title": "Study visit to Trondheim", "kind": "study_visit", "date": "2026-11-20", "description": ""},
    )
    assert response.status_code == 302
    activity = PolicyLearningActivity.objects.get(title="Study visit to Trondheim")
    assert [o.name for o in activity.participants.all()] == ["Region Skåne"]
    vilnius = activity.participants.model.objects.get(name__startswith="Vilniaus")
    client.post(
        reverse("regions:policy_learning_new"),
        {"title": "Claimed for others", "kind": "workshop", "date": "2026-11-21", "participants": [vilnius.pk]},
    )
    assert not PolicyLearningActivity.objects.filter(title="Claimed for others").exists()


def test_admin_home_shows_the_programme_queues(client, reference_data):
    from tests.factories import OrganisationFactory

    admin = person("programme_admin", org_kind="partner")
    MembershipRequest.objects.create(organisation=OrganisationFactory(), user=UserFactory())
    client.force_login(admin)
    response = client.get(reverse("home"))
    queues = next(s for s in response.context["home"].statuses if str(s.title) == "Programme queues")
    assert (str(queues.rows[0][0]), queues.rows[0][1]) == ("Requests to join an organisation, waiting", "1")
    assert "Programme queues" in response.content.decode()


def test_coach_sees_the_companies_coached_and_operator_the_facility_queue(client, demo_data):
    coach = _home(client, "coach@example.org").context["home"]
    coached = [s for s in coach.statuses if str(s.group) == "Companies you coach"]
    assert coached, "the demo assigns the coach to a company"
    assert any("h used" in str(b.label) for b in coached[0].badges)
    operator = _home(client, "operator@example.org").context["home"]
    facilities = [s for s in operator.statuses if str(s.group) == "Facilities you operate"]
    assert facilities, "the demo operator keeps a facility"
    for item in [*operator.tasks, *operator.dates, *facilities]:
        assert client.get(item.url).status_code == 200
        for _label, url in item.links:
            assert client.get(url).status_code == 200


def test_organiser_is_told_check_in_is_today_and_the_schedule_is_not_yet_run(client, reference_data):
    from events.home import home_items

    organiser = person("facilitator", org_kind="partner")
    now = timezone.now()
    today = make_event(
        organiser=organiser,
        title="Today",
        start=now - timedelta(minutes=10),  # under way: "today" in any time zone
        end=now + timedelta(hours=6),
        registration_opens=now - timedelta(days=10),
        registration_closes=now - timedelta(minutes=20),
    )
    event_services.add_session(
        event=today,
        title="Meetings",
        start=now + timedelta(hours=1),
        end=now + timedelta(hours=3),
        slot_minutes=20,
        tables=5,
    )
    [status] = [i for i in home_items(organiser) if i.kind == home.STATUS]
    labels = [str(b.label) for b in status.badges]
    assert "Check-in today" in labels
    assert "Schedule not yet run" in labels
    assert "Registration closed" in labels
    assert reverse("events:check_in", kwargs={"pk": today.pk}) in [url for _label, url in status.links]


def test_home_dates_are_the_readers_day_in_their_language():
    """A deadline at 23:30 UTC is already the next day in Vilnius, and no language gets ISO dates."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone, translation

    from bsrstars.home import local_day

    moment = datetime(2027, 1, 12, 23, 30, tzinfo=UTC)
    with timezone.override(ZoneInfo("Europe/Vilnius")):
        with translation.override("en"):
            assert local_day(moment) == "13 January 2027"
        with translation.override("sv"):
            assert local_day(moment) == "13 januari 2027"
        with translation.override("lt"):
            shown = local_day(moment)
    assert "2027-01-13" not in shown and "13" in shown
