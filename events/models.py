import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts.models import validate_timezone
from bsrstars.outbox.models import OutboxItem
from bsrstars.outbox.services import register as register_outbox


class EventType(models.TextChoices):
    MATCHMAKING = "matchmaking", _("Research–business matchmaking")
    POLICY_LEARNING = "policy_learning", _("Policy learning")
    WEBINAR = "webinar", _("Webinar")


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=8000)
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.DEFAULT_USER_TIMEZONE, validators=[validate_timezone]
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(100_000)])
    target_domains = models.ManyToManyField(
        "regions.S3Domain", verbose_name=_("target S3 domains"), blank=True, related_name="events"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="organised_events"
    )
    max_open_requests = models.PositiveSmallIntegerField(
        _("open meeting requests per participant"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many unanswered requests one participant may have sent at a time."),
    )
    requests_close = models.DateTimeField(
        _("meeting requests close"),
        null=True,
        blank=True,
        help_text=_("Unanswered requests expire then. Empty: when registration closes."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published events are shown to participants.")
    )
    created_at = models.DateTimeField(default=dj_timezone.now)
    schedule_published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="events_event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")), name="events_registration_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__lte=F("end")), name="events_registration_closes_by_end"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.registration_closes and self.end and self.registration_closes > self.end:
            errors["registration_closes"] = _("Registration must close before the event ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def requests_deadline(self):
        return self.requests_close or self.registration_closes

    def has_started(self, now=None) -> bool:
        """Once the event has started, registrations and availability are history, not plans."""
        return self.start <= (now or dj_timezone.now())

    def registration_is_open(self, now=None) -> bool:
        now = now or dj_timezone.now()
        return self.is_published and self.registration_opens <= now < self.registration_closes


class EventOrganiser(models.Model):
    """A co-organiser of an event; `can_edit` lets them change the event, not only run it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="co_organisers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="co_organised")
    can_edit = models.BooleanField(_("may edit the event"), default=False)

    class Meta:
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_one_coorganiser_row")]

    def __str__(self):
        return f"{self.user} @ {self.event}"


class MatchmakingSession(models.Model):
    """A block of one-to-one meetings: from start to end in slots of `slot_minutes`, at `tables`
    tables, minus the breaks."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per meeting"), validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    tables = models.PositiveSmallIntegerField(_("tables"), validators=[MinValueValidator(1), MaxValueValidator(2000)])

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("matchmaking session")
        verbose_name_plural = _("matchmaking sessions")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="events_session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=120), name="events_session_slot_length"
            ),
        ]

    def __str__(self):
        return self.title or f"{self.event}: {self.start:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session must end after it starts.")})
        if (
            self.event_id
            and self.start
            and self.end
            and not (self.event.start <= self.start and self.end <= self.event.end)
        ):
            raise ValidationError({"start": _("The session must lie within the event.")})

    def slots(self, breaks=None) -> list[tuple]:
        """[(start, end)] of the meeting slots, skipping any slot that touches a break."""
        breaks = list(self.breaks.all()) if breaks is None else breaks
        length = timedelta(minutes=self.slot_minutes)
        result, cursor = [], self.start
        while cursor + length <= self.end:
            clash = next((b for b in breaks if b.start < cursor + length and cursor < b.end), None)
            if clash is not None:
                cursor = max(cursor, clash.end)
                continue
            result.append((cursor, cursor + length))
            cursor += length
        return result


class SessionBreak(models.Model):
    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="breaks")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="events_break_ends_after_start")]

    def __str__(self):
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A person takes part on behalf of their organisation."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=dj_timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=dj_timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    blocked_slots = models.JSONField(
        _("slots not available"),
        default=list,
        blank=True,
        help_text=_("Meeting slots this participant cannot attend, as 'session id:slot number'."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status="cancelled"),
                name="events_one_active_registration_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.event} ({self.status})"


class ProfileKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")
    PARTNERSHIP = "partnership", _("Partnership idea")


class CooperationProfile(models.Model):
    """What a participant offers, looks for, or proposes at this event (the marketplace)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="profiles")
    kind = models.CharField(_("kind"), max_length=12, choices=ProfileKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000)
    domains = models.ManyToManyField("regions.S3Domain", verbose_name=_("S3 domains"), related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("cooperation profile")
        verbose_name_plural = _("cooperation profiles")

    def __str__(self):
        return self.title


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    sender = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="received_requests")
    message = models.TextField(_("message"), max_length=2000, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, choices=[(1, _("normal")), (2, _("high")), (3, _("top"))]
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(default=dj_timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="events_request_not_to_oneself"),
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status__in=["pending", "accepted"]),
                name="events_one_open_request_per_pair",
            ),
            models.CheckConstraint(condition=Q(priority__gte=1, priority__lte=3), name="events_request_priority"),
        ]

    def __str__(self):
        return f"{self.sender} → {self.recipient} ({self.status})"


@register_outbox
class ScheduleRun(OutboxItem):
    """A request to (re)schedule a session's accepted meetings; the scheduler runs in a task."""

    outbox_task = "events.run_schedule"

    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    thorough = models.BooleanField(
        _("thorough run"),
        default=False,
        help_text=_("Search for 30 seconds instead of the quick default, for a few more meetings."),
    )
    stats = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self):
        return f"{self.session} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class Meeting(models.Model):
    """A scheduled meeting: an accepted request in a slot of a session, at a table."""

    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.PositiveSmallIntegerField(_("slot"))  # index into session.slots()
    table = models.PositiveSmallIntegerField(_("table"))
    locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        ordering = ["slot", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["session", "slot", "table"], name="events_one_meeting_per_cell"),
            models.CheckConstraint(condition=Q(table__gte=1), name="events_table_from_one"),
        ]

    def __str__(self):
        return f"{self.request} @ {self.slot}/{self.table}"


class DismissedSuggestion(models.Model):
    """'No thanks': this suggested partner is no longer shown to this participant."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="dismissed")
    other = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [models.UniqueConstraint(fields=["registration", "other"], name="events_dismiss_once")]

    def __str__(self):
        return f"{self.registration} ✕ {self.other}"


class OutcomeKind(models.TextChoices):
    NO_INTEREST = "no_interest", _("No interest")
    FOLLOW_UP = "follow_up", _("Follow-up planned")
    COOPERATION = "cooperation", _("Cooperation agreed")
    JOINT_PROJECT = "joint_project", _("Joint project or financing application")


class MeetingOutcome(models.Model):
    """How one side rates a meeting that took place (each side rates once, may change it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    rated_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [models.UniqueConstraint(fields=["meeting", "registration"], name="events_one_rating_per_side")]

    def __str__(self):
        return f"{self.meeting}: {self.outcome}"


class FollowUpResult(models.TextChoices):
    NOTHING = "nothing", _("Nothing came of it")
    IN_CONTACT = "in_contact", _("Still in contact")
    COOPERATION = "cooperation", _("We cooperate")
    APPLICATION = "application", _("Joint project or financing application submitted")
    FUNDED = "funded", _("Joint project funded")


class FollowUpSurvey(models.Model):
    """About six months after an event, one survey per participant who met someone there:
    what came of each meeting. Made by the periodic scan (followup.send_follow_up_surveys)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="follow_up")
    sent_at = models.DateTimeField(default=dj_timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(_("anything else to tell the organisers?"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")

    def __str__(self):
        return f"{self.registration} ({self.sent_at:%Y-%m-%d})"


class FollowUpAnswer(models.Model):
    survey = models.ForeignKey(FollowUpSurvey, on_delete=models.CASCADE, related_name="answers")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    result = models.CharField(_("what came of it"), max_length=12, choices=FollowUpResult.choices)

    class Meta:
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        constraints = [models.UniqueConstraint(fields=["survey", "meeting"], name="events_one_answer_per_meeting")]

    def __str__(self):
        return f"{self.meeting}: {self.result}"
