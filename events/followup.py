"""The six-month follow-up: what came of the meetings?

About six months after an event (FOLLOW_UP_AFTER), a periodic scan makes one survey per
participant who attended and had at least one meeting held (both sides present), and tells them.
The survey row is the record that they were asked, so the scan is idempotent and a missed run
is caught up by the next one, up to a year after the event (FOLLOW_UP_UNTIL): older events are
not surveyed any more. The participant answers per meeting and may change the answers later.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.notifications.services import notify

from .models import FollowUpAnswer, FollowUpResult, FollowUpSurvey, Registration, RegistrationStatus
from .selectors import held_meetings

FOLLOW_UP_AFTER = timedelta(days=182)
FOLLOW_UP_UNTIL = timedelta(days=365)


class FollowUpError(ValidationError):
    pass


def meetings_of(registration: Registration):
    return (
        held_meetings()
        .filter(Q(request__sender=registration) | Q(request__recipient=registration))
        .select_related(
            "session",
            "request__sender__person",
            "request__sender__organisation",
            "request__recipient__person",
            "request__recipient__organisation",
        )
        .order_by("session__start", "slot")
    )


def due_registrations(now=None):
    now = now or timezone.now()
    met = held_meetings().filter(Q(request__sender=OuterRef("pk")) | Q(request__recipient=OuterRef("pk")))
    return Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        attended=True,
        event__end__lte=now - FOLLOW_UP_AFTER,
        event__end__gt=now - FOLLOW_UP_UNTIL,
        follow_up__isnull=True,
    ).filter(Exists(met))


def send_follow_up_surveys(*, now=None) -> int:
    """Make and announce the surveys that are due. Idempotent; safe to run concurrently."""
    sent = 0
    for registration in due_registrations(now).select_related("event", "person").iterator():
        try:
            with transaction.atomic():
                FollowUpSurvey.objects.create(registration=registration)
                notify(
                    recipient=registration.person,
                    kind="follow_up",
                    payload={"event": registration.event.title},
                    url=reverse("events:follow_up", args=[registration.event_id]),
                )
        except IntegrityError:  # another scan made it first
            continue
        sent += 1
    return sent


@transaction.atomic
def answer(*, survey: FollowUpSurvey, results: dict[int, str], comments: str = "") -> FollowUpSurvey:
    """Save the participant's answers: `results` maps meeting id to a FollowUpResult value.
    Every meeting of the survey needs an answer; answering again replaces the answers."""
    survey = FollowUpSurvey.objects.select_for_update().get(pk=survey.pk)
    meetings = {m.pk: m for m in meetings_of(survey.registration)}
    errors = {}
    for pk in meetings:
        if results.get(pk) not in FollowUpResult.values:
            errors[f"meeting-{pk}"] = _("Choose what came of this meeting.")
    unknown = set(results) - set(meetings)
    if unknown:
        raise FollowUpError(_("You can only answer about your own meetings."))
    if errors:
        raise FollowUpError(errors)
    for pk, meeting in meetings.items():
        FollowUpAnswer.objects.update_or_create(survey=survey, meeting=meeting, defaults={"result": results[pk]})
    survey.comments = comments.strip()
    survey.answered_at = timezone.now()
    survey.full_clean()
    survey.save(update_fields=["comments", "answered_at"])
    return survey


def figures(event) -> dict:
    """For the event report: how many were asked, how many answered, and the results."""
    from django.db.models import Count

    surveys = FollowUpSurvey.objects.filter(registration__event=event)
    counts = dict(
        FollowUpAnswer.objects.filter(survey__registration__event=event)
        .values_list("result")
        .annotate(n=Count("meeting", distinct=True))
        .values_list("result", "n")
    )
    asked = surveys.aggregate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    return {
        **asked,
        "results": [(label, counts.get(value, 0)) for value, label in FollowUpResult.choices],
    }
