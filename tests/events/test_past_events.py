"""Once an event has started its registrations are the record: a participant cannot cancel them,
change availability or ask for partner suggestions, and attendance stays in the organiser's report."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bsrstars.accounts.models import Organisation
from events import services
from events.models import Event, Registration
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


def _registered_then_past(*, days_ago=60):
    e = event()
    sme = person()
    registration = services.register(event=e, person=sme, organisation=Organisation.objects.get(memberships__user=sme))
    shift = timedelta(days=30 + days_ago)
    Event.objects.filter(pk=e.pk).update(
        start=e.start - shift,
        end=e.end - shift,
        registration_opens=e.registration_opens - shift,
        registration_closes=e.registration_closes - shift,
    )
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    return Event.objects.get(pk=e.pk), sme, Registration.objects.get(pk=registration.pk)


def test_cancel_after_the_event_keeps_the_registration_and_attendance(client):
    e, sme, registration = _registered_then_past()
    client.force_login(sme)
    response = client.post(reverse("events:cancel", args=[e.pk]), follow=True)
    registration.refresh_from_db()
    assert (registration.status, registration.attended) == ("registered", True)
    assert "cannot be cancelled once the event has started" in response.content.decode()
    with pytest.raises(ValidationError, match="once the event has started"):
        services.cancel_registration(registration=registration)


def test_cancel_is_refused_from_the_moment_the_event_starts():
    e, _sme, registration = _registered_then_past(days_ago=-30)  # starts now, give or take a second
    Event.objects.filter(pk=e.pk).update(start=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="once the event has started"):
        services.cancel_registration(registration=registration)


def test_past_event_page_offers_no_cancel_availability_or_suggestions(client):
    e, sme, _registration = _registered_then_past()
    client.force_login(sme)
    page = client.get(reverse("events:detail", args=[e.pk])).content.decode()
    assert reverse("events:cancel", args=[e.pk]) not in page
    assert reverse("events:availability", args=[e.pk]) not in page
    assert reverse("events:recommendations", args=[e.pk]) not in page
    # No schedule was published, so there are no meetings to rate: nothing is left to do.
    assert reverse("events:agenda", args=[e.pk]) not in page
    assert reverse("events:profiles", args=[e.pk]) not in page
    assert reverse("events:requests", args=[e.pk]) not in page
    assert "This event is over." in page


def test_past_event_availability_and_suggestions_are_closed(client):
    e, sme, registration = _registered_then_past()
    client.force_login(sme)
    response = client.post(reverse("events:availability", args=[e.pk]), {"blocked": []})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.blocked_slots == []
    assert client.get(reverse("events:recommendations", args=[e.pk])).status_code == 302
    with pytest.raises(ValidationError, match="once the event has started"):
        services.set_blocked_slots(registration=registration, blocked=[])


def test_dismissing_a_suggestion_with_a_malformed_id_is_a_clear_400(client):
    e = event()
    sme = person()
    services.register(event=e, person=sme, organisation=Organisation.objects.get(memberships__user=sme))
    client.force_login(sme)
    for other in ("abc", "", "1.5", "²"):
        response = client.post(reverse("events:recommendations", args=[e.pk]), {"other": other})
        assert response.status_code == 400
    assert client.post(reverse("events:recommendations", args=[e.pk]), {"other": "999999"}).status_code == 404
