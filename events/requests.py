"""Cooperation profiles and meeting requests: send, accept, decline, cancel, expire.

Only registered participants (not the waiting list) exchange requests; a facilitator-set cap
limits how many unanswered requests one participant may have sent; unanswered requests expire
at the event's request deadline (periodic scan); both sides are notified of every change.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.notifications.services import notify

from .models import CooperationProfile, Event, MeetingRequest, Registration, RegistrationStatus, RequestStatus


class RequestError(ValidationError):
    pass


def _url(event) -> str:
    return reverse("events:requests", args=[event.pk])


@transaction.atomic
def add_profile(*, registration: Registration, kind: str, title: str, description: str, domains) -> CooperationProfile:
    if registration.status != RegistrationStatus.REGISTERED:
        raise RequestError(_("Only registered participants publish cooperation profiles."))
    profile = CooperationProfile(registration=registration, kind=kind, title=title, description=description)
    profile.full_clean()
    profile.save()
    profile.domains.set(domains)
    return profile


@transaction.atomic
def send_request(
    *, sender: Registration, recipient: Registration, message: str = "", priority: int = 1, now=None
) -> MeetingRequest:
    """Side effect: the recipient is notified. Raises RequestError naming what is wrong."""
    now = now or timezone.now()
    # Lock the sender's registration so two requests sent at once cannot pass the cap together.
    sender = Registration.objects.select_for_update().select_related("event", "person").get(pk=sender.pk)
    event: Event = sender.event
    if recipient.pk == sender.pk:
        raise RequestError(_("You cannot request a meeting with yourself."))
    if recipient.event_id != event.pk or recipient.status != RegistrationStatus.REGISTERED:
        raise RequestError(_("You can only request meetings with participants of this event."))
    if sender.status != RegistrationStatus.REGISTERED:
        raise RequestError(_("Only registered participants send meeting requests."))
    if now >= event.requests_deadline:
        raise RequestError(_("Meeting requests for this event are closed."))
    open_pair = MeetingRequest.objects.filter(
        Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender),
        status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
    )
    if open_pair.exists():
        raise RequestError(_("There is already a request between you and this participant."))
    pending = MeetingRequest.objects.filter(sender=sender, status=RequestStatus.PENDING).count()
    if pending >= event.max_open_requests:
        raise RequestError(
            _("You have %(n)s unanswered requests, the most this event allows. Wait for answers or cancel one.")
            % {"n": pending}
        )
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event, sender=sender, recipient=recipient, message=message.strip(), priority=priority
            )
    except IntegrityError:
        raise RequestError(_("There is already a request between you and this participant.")) from None
    notify(
        recipient=recipient.person,
        kind="meeting_request",
        payload={
            "event": event.title,
            "who": sender.person.get_full_name(),
            "organisation": sender.organisation.name,
            "change": "received",
        },
        url=_url(event),
    )
    return request


def _answer(request: MeetingRequest, status: str, *, by: Registration) -> MeetingRequest:
    request = (
        MeetingRequest.objects.select_for_update()
        .select_related(
            "event", "sender__person", "recipient__person", "recipient__organisation", "sender__organisation"
        )
        .get(pk=request.pk)
    )
    if request.status != RequestStatus.PENDING and not (
        status == RequestStatus.CANCELLED and request.status == RequestStatus.ACCEPTED
    ):
        raise RequestError(_("This request has already been answered."))
    request.status, request.responded_at = status, timezone.now()
    request.save(update_fields=["status", "responded_at"])
    other = request.sender if by.pk == request.recipient_id else request.recipient
    notify(
        recipient=other.person,
        kind="meeting_request",
        payload={
            "event": request.event.title,
            "who": by.person.get_full_name(),
            "organisation": by.organisation.name,
            "change": status,
        },
        url=_url(request.event),
    )
    return request


@transaction.atomic
def accept_request(*, request: MeetingRequest, by: Registration) -> MeetingRequest:
    if by.pk != request.recipient_id:
        raise RequestError(_("Only the person asked can accept."))
    return _answer(request, RequestStatus.ACCEPTED, by=by)


@transaction.atomic
def decline_request(*, request: MeetingRequest, by: Registration) -> MeetingRequest:
    if by.pk != request.recipient_id:
        raise RequestError(_("Only the person asked can decline."))
    return _answer(request, RequestStatus.DECLINED, by=by)


@transaction.atomic
def cancel_request(*, request: MeetingRequest, by: Registration) -> MeetingRequest:
    """Either side may call off a pending or accepted meeting; the other side is told."""
    if by.pk not in (request.sender_id, request.recipient_id):
        raise RequestError(_("This is not your request."))
    return _answer(request, RequestStatus.CANCELLED, by=by)


def expire_requests(*, now=None) -> int:
    """Unanswered requests past their event's deadline expire; senders are told. Idempotent."""
    now = now or timezone.now()
    expired = 0
    due = (
        MeetingRequest.objects.filter(status=RequestStatus.PENDING)
        .filter(
            Q(event__requests_close__lte=now)
            | Q(event__requests_close__isnull=True, event__registration_closes__lte=now)
        )
        .select_related("event", "sender__person", "recipient__person", "recipient__organisation")
    )
    for request in due.iterator():
        with transaction.atomic():
            updated = MeetingRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
                status=RequestStatus.EXPIRED, responded_at=now
            )
            if updated:
                expired += 1
                notify(
                    recipient=request.sender.person,
                    kind="meeting_request",
                    payload={
                        "event": request.event.title,
                        "who": request.recipient.person.get_full_name(),
                        "organisation": request.recipient.organisation.name,
                        "change": "expired",
                    },
                    url=_url(request.event),
                )
    return expired
