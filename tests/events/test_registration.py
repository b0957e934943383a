import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from bsrstars.accounts.models import Organisation
from events import services
from events.models import Event, MatchmakingSession, Registration
from tests.events.factories import event, local_day
from tests.factories import MembershipFactory, UserFactory, person

pytestmark = pytest.mark.django_db


def _local(moment):
    """The value a datetime-local input sends: wall-clock time, no zone."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def _org(user):
    return Organisation.objects.get(memberships__user=user)


def test_places_then_waiting_list_then_promotion_on_cancel():
    e = event(capacity=2)
    people = [person() for _ in range(3)]
    regs = [services.register(event=e, person=p, organisation=_org(p)) for p in people]
    assert [r.status for r in regs] == ["registered", "registered", "waitlisted"]
    services.cancel_registration(registration=regs[0])
    regs[2].refresh_from_db()
    assert regs[2].status == "registered"
    kinds = list(people[2].notifications.order_by("created_at").values_list("payload__status", flat=True))
    assert kinds == ["waitlisted", "promoted"]


def test_registration_refused_when_closed_duplicate_or_not_a_member():
    closed = event(opens_in_days=5)
    someone = person()
    with pytest.raises(ValidationError, match="not open"):
        services.register(event=closed, person=someone, organisation=_org(someone))
    e = event()
    services.register(event=e, person=someone, organisation=_org(someone))
    with pytest.raises(ValidationError, match="already"):
        services.register(event=e, person=someone, organisation=_org(someone))
    with pytest.raises(ValidationError, match="organisation you belong to"):
        services.register(event=e, person=UserFactory(), organisation=_org(someone))
    assert Registration.objects.filter(event=e).count() == 1


def test_capacity_cannot_drop_below_registered():
    e = event(capacity=2)
    for p in (person(), person()):
        services.register(event=e, person=p, organisation=_org(p))
    with pytest.raises(ValidationError):
        services.update_event(event=e, capacity=1)


def test_raising_capacity_promotes_the_waiting_list():
    e = event(capacity=1)
    first, second = person(), person()
    services.register(event=e, person=first, organisation=_org(first))
    waiting = services.register(event=e, person=second, organisation=_org(second))
    services.update_event(event=e, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "registered"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_the_last_ten_places_never_overbook(reference_data):
    e = event(capacity=12)
    for p in (person(), person()):
        services.register(event=e, person=p, organisation=_org(p))
    people = [person() for _ in range(50)]
    barrier = threading.Barrier(len(people))
    errors = []

    def go(p):
        try:
            barrier.wait()
            services.register(event=e, person=p, organisation=_org(p))
        except Exception as exc:  # noqa: BLE001 -- collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(Registration.objects.filter(event=e).values_list("status", flat=True))
    assert statuses.count("registered") == 12
    assert statuses.count("waitlisted") == 40


def test_session_slots_skip_breaks():
    zone = ZoneInfo("Europe/Vilnius")
    day = local_day("Europe/Vilnius")
    e = event(tz="Europe/Vilnius", start=day, end=day + timedelta(hours=8), registration_closes=day - timedelta(days=1))
    start = day.replace(hour=10)
    session = services.add_session(
        event=e,
        start=start,
        end=start + timedelta(hours=2),
        slot_minutes=20,
        tables=10,
        breaks=[(start + timedelta(minutes=60), start + timedelta(minutes=80))],
    )
    slots = [s.astimezone(zone).strftime("%H:%M") for s, _ in session.slots()]
    assert slots == ["10:00", "10:20", "10:40", "11:20", "11:40"]


def test_session_outside_the_event_or_without_room_is_refused():
    e = event()
    with pytest.raises(ValidationError):
        services.add_session(
            event=e, start=e.start - timedelta(hours=1), end=e.start + timedelta(hours=1), slot_minutes=20, tables=5
        )
    with pytest.raises(ValidationError, match="no room"):
        services.add_session(event=e, start=e.start, end=e.start + timedelta(minutes=10), slot_minutes=20, tables=5)
    assert MatchmakingSession.objects.count() == 0


def test_event_in_vilnius_shown_in_vilnius_time_to_a_viewer_in_copenhagen(client):
    start = local_day("Europe/Vilnius")  # 09:00 in Vilnius, 08:00 in Copenhagen
    e = event(
        tz="Europe/Vilnius", start=start, end=start + timedelta(hours=6), registration_closes=start - timedelta(days=1)
    )
    viewer = person(timezone="Europe/Copenhagen")
    client.force_login(viewer)
    html = client.get(reverse("events:detail", args=[e.pk])).content.decode()
    assert "9:00" in html or "09:00" in html
    assert "Europe/Vilnius" in html


def test_event_form_takes_times_in_the_events_zone(client):
    facilitator = person("facilitator", org_kind="partner", timezone="Europe/Copenhagen")
    client.force_login(facilitator)
    day = local_day("Europe/Vilnius")
    response = client.post(
        reverse("events:create"),
        {
            "title": "Vilnius brokerage",
            "type": "matchmaking",
            "description": "x",
            "timezone": "Europe/Vilnius",
            "start": _local(day),
            "end": _local(day.replace(hour=17)),
            "registration_opens": _local(day - timedelta(days=30)),
            "registration_closes": _local(day - timedelta(days=1)),
            "capacity": "150",
        },
    )
    assert response.status_code == 302
    created = Event.objects.get(title="Vilnius brokerage")
    # 09:00 typed for a Vilnius event is 09:00 in Vilnius, not in the facilitator's Copenhagen.
    assert created.start == day
    assert created.start.astimezone(ZoneInfo("Europe/Copenhagen")).hour == 8
    assert created.organiser == facilitator


def test_event_form_rejects_reversed_times(client):
    client.force_login(person("facilitator", org_kind="partner"))
    day = local_day("Europe/Oslo")
    response = client.post(
        reverse("events:create"),
        {
            "title": "Backwards",
            "type": "webinar",
            "description": "x",
            "timezone": "Europe/Oslo",
            "start": _local(day.replace(hour=17)),
            "end": _local(day),
            "registration_opens": _local(day - timedelta(days=30)),
            "registration_closes": _local(day - timedelta(days=1)),
            "capacity": "10",
        },
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors


def test_authorities_attending_policy_learning_events_are_counted_once_per_authority():
    from bsrstars import kpis

    policy = event(type="policy_learning", capacity=10)
    matchmaking = event(capacity=10)
    skane = person(org_kind="regional_authority", org_region="SE224")
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=_org(skane), is_admin=False)
    ministry = person(org_kind="national_authority", org_region="LT011", country="LT")
    absent = person(org_kind="regional_authority", org_region="DK011", country="DK")
    sme = person()
    for who in (skane, colleague, ministry, absent, sme):
        reg = services.register(event=policy, person=who, organisation=_org(who))
        services.mark_attendance(registration=reg, present=who is not absent)
    # An authority at a matchmaking event is not policy learning.
    services.mark_attendance(
        registration=services.register(event=matchmaking, person=absent, organisation=_org(absent)), present=True
    )
    value = kpis.registry.compute("events.authorities")
    assert value.total == 2  # Skåne (two people, one authority) and the Lithuanian ministry
    assert value.by_country == {"SE": 1, "LT": 1}


def test_policy_learning_events_count_in_the_programmes_authorities_indicator():
    from bsrstars import kpis
    from regions.models import PolicyLearningActivity
    from tests.factories import month

    policy = event(type="policy_learning", capacity=10)
    skane = person(org_kind="regional_authority", org_region="SE224")
    ministry = person(org_kind="national_authority", org_region="LT011", country="LT")
    for who in (skane, ministry):
        services.mark_attendance(
            registration=services.register(event=policy, person=who, organisation=_org(who)), present=True
        )
    peer_review = PolicyLearningActivity.objects.create(title="Peer review", kind="peer_review", date=month(2))
    peer_review.participants.set([_org(skane)])  # Skåne took part in both: counted once
    value = kpis.registry.compute("regions.authorities_policy_learning")
    assert value.total == 2
    assert value.by_country == {"SE": 1, "LT": 1}
    assert value.by_month[month(2).strftime("%Y-%m")] == 1
