"""The six-month follow-up survey: who is asked, when, once; answering it; the report."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import followup, services
from events import requests as req
from events import schedule as sched
from events.models import Event, FollowUpAnswer, FollowUpSurvey, Meeting
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    """An event with four participants and four meetings, three present, run and then moved
    back in time so that it ended `ended_days` ago (set by the test)."""
    e = event()
    session = services.add_session(
        event=e, start=e.start + timedelta(hours=1), end=e.start + timedelta(hours=2), slot_minutes=20, tables=4
    )
    regs = [
        services.register(event=e, person=p, organisation=p.memberships.get().organisation)
        for p in [person() for _ in range(4)]
    ]
    for a, b in ((0, 1), (0, 2), (1, 2), (2, 3)):
        req.accept_request(request=req.send_request(sender=regs[a], recipient=regs[b]), by=regs[b])
    sched.run_now(session=session)
    for r in regs[:3]:
        services.mark_attendance(registration=r, present=True)
    services.mark_attendance(registration=regs[3], present=False)

    def ended(days):
        shift = (e.end - timezone.now()) + timedelta(days=days)
        Event.objects.filter(pk=e.pk).update(
            start=e.start - shift,
            end=e.end - shift,
            registration_opens=e.registration_opens - shift,
            registration_closes=e.registration_closes - shift,
        )
        e.refresh_from_db()

    return e, regs, ended


def test_survey_goes_once_to_each_participant_who_met_someone_six_months_on(held, django_capture_on_commit_callbacks):
    e, regs, ended = held
    ended(100)
    assert followup.send_follow_up_surveys() == 0  # too early
    ended(190)
    with django_capture_on_commit_callbacks(execute=True):
        assert followup.send_follow_up_surveys() == 3
    asked = set(FollowUpSurvey.objects.values_list("registration", flat=True))
    assert asked == {regs[0].pk, regs[1].pk, regs[2].pk}  # the absent one held no meeting
    assert regs[0].person.notifications.filter(kind="follow_up").count() == 1
    assert followup.send_follow_up_surveys() == 0  # idempotent: the next day's scan asks nobody again
    assert regs[0].person.notifications.filter(kind="follow_up").count() == 1


def test_events_older_than_a_year_are_not_surveyed(held):
    e, regs, ended = held
    ended(400)
    assert followup.send_follow_up_surveys() == 0


def test_answering_needs_every_meeting_and_can_be_changed(client, held):
    e, regs, ended = held
    ended(190)
    followup.send_follow_up_surveys()
    client.force_login(regs[0].person)
    url = reverse("events:follow_up", args=[e.pk])
    page = client.get(url)
    assert page.status_code == 200
    meetings = list(followup.meetings_of(regs[0]))
    assert len(meetings) == 2  # with participants 1 and 2, both held
    assert regs[1].organisation.name in page.content.decode()
    first, second = meetings
    response = client.post(url, {f"meeting-{first.pk}": "cooperation"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not FollowUpAnswer.objects.exists()  # nothing half-saved
    client.post(url, {f"meeting-{first.pk}": "cooperation", f"meeting-{second.pk}": "nothing", "comments": "Good."})
    survey = FollowUpSurvey.objects.get(registration=regs[0])
    assert survey.answered_at is not None and survey.comments == "Good."
    assert dict(survey.answers.values_list("meeting", "result")) == {first.pk: "cooperation", second.pk: "nothing"}
    client.post(url, {f"meeting-{first.pk}": "application", f"meeting-{second.pk}": "nothing"})
    assert survey.answers.get(meeting=first).result == "application"
    assert survey.answers.count() == 2


def test_survey_is_only_for_its_participant(client, held):
    e, regs, ended = held
    ended(190)
    followup.send_follow_up_surveys()
    url = reverse("events:follow_up", args=[e.pk])
    client.force_login(regs[3].person)  # registered but absent: no survey
    assert client.get(url).status_code == 404
    client.force_login(person())  # not a participant
    assert client.get(url).status_code == 403
    client.force_login(e.organiser)  # organisers see the results in the report, not someone's survey
    assert client.get(url).status_code == 403


def test_report_shows_what_came_of_the_meetings(client, held):
    e, regs, ended = held
    ended(190)
    followup.send_follow_up_surveys()
    meeting = Meeting.objects.get(request__sender=regs[0], request__recipient=regs[1])
    survey = FollowUpSurvey.objects.get(registration=regs[0])
    other = next(m for m in followup.meetings_of(regs[0]) if m.pk != meeting.pk)
    followup.answer(survey=survey, results={meeting.pk: "funded", other.pk: "in_contact"})
    client.force_login(e.organiser)
    figures = client.get(reverse("events:report", args=[e.pk])).context["follow_ups"]
    assert figures["sent"] == 3 and figures["answered"] == 1
    assert dict(figures["results"])["Joint project funded"] == 1
    rows = client.get(reverse("events:report_export", args=[e.pk, "csv"])).content.decode()
    assert "funded" in rows
    from bsrstars import kpis

    assert kpis.registry.compute("events.follow_up.funded").total == 1
    assert kpis.registry.compute("events.follow_up.in_contact").total == 1
    assert kpis.registry.compute("events.follow_up.nothing").total == 0
