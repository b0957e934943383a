from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import requests as req
from events import services
from events.models import MeetingRequest
from regions.models import S3Domain
from tests.events.factories import event
from tests.factories import person
from tests.threads import at_once

pytestmark = pytest.mark.django_db


def _registered(e, n):
    people = [person() for _ in range(n)]
    return [services.register(event=e, person=p, organisation=p.memberships.get().organisation) for p in people]


def test_request_accept_notifies_both_ways():
    e = event()
    a, b = _registered(e, 2)
    request = req.send_request(sender=a, recipient=b, message="Biochar?")
    assert b.person.notifications.filter(kind="meeting_request", payload__change="received").count() == 1
    req.accept_request(request=request, by=b)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert a.person.notifications.filter(kind="meeting_request", payload__change="accepted").count() == 1


@pytest.mark.parametrize("case", ["self", "duplicate", "reverse", "waitlisted", "other_event", "closed"])
def test_bad_requests_are_refused_with_a_clear_message(case):
    e = event(capacity=2)
    a, b, waiting = _registered(e, 3)
    if case == "self":
        with pytest.raises(ValidationError, match="yourself"):
            req.send_request(sender=a, recipient=a)
    elif case in ("duplicate", "reverse"):
        req.send_request(sender=a, recipient=b)
        with pytest.raises(ValidationError, match="already a request"):
            req.send_request(sender=a if case == "duplicate" else b, recipient=b if case == "duplicate" else a)
    elif case == "waitlisted":
        with pytest.raises(ValidationError, match="participants of this event"):
            req.send_request(sender=a, recipient=waiting)
    elif case == "other_event":
        [stranger] = _registered(event(), 1)
        with pytest.raises(ValidationError, match="participants of this event"):
            req.send_request(sender=a, recipient=stranger)
    else:
        with pytest.raises(ValidationError, match="closed"):
            req.send_request(sender=a, recipient=b, now=e.registration_closes + timedelta(minutes=1))
    assert MeetingRequest.objects.filter(status="pending").count() == (1 if case in ("duplicate", "reverse") else 0)


def test_cap_on_open_requests():
    e = event()
    services.update_event(event=e, max_open_requests=2)
    sender, *others = _registered(e, 4)
    req.send_request(sender=sender, recipient=others[0])
    second = req.send_request(sender=sender, recipient=others[1])
    with pytest.raises(ValidationError, match="unanswered requests"):
        req.send_request(sender=sender, recipient=others[2])
    req.decline_request(request=second, by=others[1])  # an answer frees room under the cap
    req.send_request(sender=sender, recipient=others[2])
    assert MeetingRequest.objects.filter(sender=sender, status="pending").count() == 2


def test_only_the_recipient_answers_and_only_once():
    e = event()
    a, b, c = _registered(e, 3)
    request = req.send_request(sender=a, recipient=b)
    for who in (a, c):
        with pytest.raises(ValidationError):
            req.accept_request(request=request, by=who)
    req.decline_request(request=request, by=b)
    with pytest.raises(ValidationError, match="already been answered"):
        req.accept_request(request=request, by=b)


def test_unanswered_requests_expire_at_the_deadline_once():
    e = event()
    a, b = _registered(e, 2)
    request = req.send_request(sender=a, recipient=b)
    assert req.expire_requests(now=timezone.now()) == 0
    after = e.requests_deadline + timedelta(minutes=1)
    assert req.expire_requests(now=after) == 1
    assert req.expire_requests(now=after) == 0
    request.refresh_from_db()
    assert request.status == "expired"
    assert a.person.notifications.filter(payload__change="expired").count() == 1


def test_participant_sees_only_own_requests_and_catalogue_filters(client):
    e = event()
    a, b, c = _registered(e, 3)
    req.add_profile(
        registration=b,
        kind="offer",
        title="Pyrolysis pilot",
        description="Biochar at scale",
        domains=S3Domain.objects.filter(code="CIRC.WASTE"),
    )
    req.send_request(sender=b, recipient=c, message="private to b and c")
    client.force_login(a.person)
    html = client.get(reverse("events:requests", args=[e.pk])).content.decode()
    assert "private to b and c" not in html
    response = client.get(reverse("events:participants", args=[e.pk]), {"profile_kind": "offer"})
    assert [r["pk"] for r in response.context["rows"]] == [b.pk]
    response = client.get(reverse("events:participants", args=[e.pk]), {"domain": "CIRC"})
    assert [r["pk"] for r in response.context["rows"]] == [b.pk]


def test_pages_send_and_answer(client):
    e = event()
    a, b = _registered(e, 2)
    client.force_login(a.person)
    client.post(reverse("events:send_request", args=[e.pk, b.pk]), {"message": "Hi", "priority": 3})
    request = MeetingRequest.objects.get()
    assert (request.priority, request.message) == (3, "Hi")
    # a cannot accept its own request through the page
    client.post(reverse("events:answer_request", args=[e.pk, request.pk]), {"action": "accept"})
    request.refresh_from_db()
    assert request.status == "pending"
    client.force_login(b.person)
    client.post(reverse("events:answer_request", args=[e.pk, request.pk]), {"action": "accept"})
    request.refresh_from_db()
    assert request.status == "accepted"


def test_waitlisted_and_outsiders_cannot_use_the_marketplace(client):
    e = event(capacity=1)
    first, waiting = _registered(e, 2)
    for user, expected in ((waiting.person, 403), (person(), 403), (first.person, 200)):
        client.force_login(user)
        assert client.get(reverse("events:participants", args=[e.pk])).status_code == expected
        assert client.get(reverse("events:requests", args=[e.pk])).status_code == expected


def test_suggestions_rank_complementary_partners_abroad_first_with_reasons(client):
    from bsrstars.accounts.models import Organisation
    from regions.models import Region

    e = event()
    me = person()
    other_country = person()
    Organisation.objects.filter(memberships__user=other_country).update(
        country="LT", region=Region.objects.get(code="LT011")
    )
    same_country, unrelated = person(), person()
    regs = {
        u: services.register(event=e, person=u, organisation=u.memberships.get().organisation)
        for u in (me, other_country, same_country, unrelated)
    }
    waste = S3Domain.objects.filter(code="CIRC.WASTE")
    req.add_profile(registration=regs[me], kind="offer", title="Sorting", description="x", domains=waste)
    for u in (other_country, same_country):
        req.add_profile(registration=regs[u], kind="request", title="Need sorting", description="x", domains=waste)
    req.add_profile(
        registration=regs[unrelated],
        kind="offer",
        title="Robots",
        description="x",
        domains=S3Domain.objects.filter(code="DIG.AUTOMATION"),
    )
    client.force_login(me)
    response = client.get(reverse("events:recommendations", args=[e.pk]))
    suggestions = response.context["suggestions"]
    assert [s.registration.pk for s in suggestions] == [regs[other_country].pk, regs[same_country].pk]
    assert suggestions[0].score == 4.5 and suggestions[1].score == 3
    assert "They look for Waste to value, which you offer." in suggestions[0].reasons
    assert "A partner from another country." in suggestions[0].reasons
    client.post(reverse("events:recommendations", args=[e.pk]), {"other": regs[other_country].pk})
    response = client.get(reverse("events:recommendations", args=[e.pk]))
    assert [s.registration.pk for s in response.context["suggestions"]] == [regs[same_country].pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_requests_sent_at_once_do_not_pass_the_cap_together(reference_data):
    e = event()
    services.update_event(event=e, max_open_requests=3)
    sender, *others = _registered(e, 9)
    outcomes = at_once(*[lambda other=other: req.send_request(sender=sender, recipient=other) for other in others])
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 5, outcomes
    assert all("unanswered requests" in str(o) for o in refused)
    assert MeetingRequest.objects.filter(sender=sender, status="pending").count() == 3
