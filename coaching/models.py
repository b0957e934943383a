"""Transnational coaching: calls, applications and their review, the coach pool, assignments with
an hours ledger, coaching plans, sessions, closing, feedback, outcomes and follow-ups.

Hours are kept in minutes (integers) so the ledger adds up exactly; pages show hours.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from bsrstars.accounts.models import validate_timezone

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# Languages coaching can happen in (the portal's six plus the region's other common ones).
COACHING_LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("fi", _("Finnish")),
    ("lt", _("Lithuanian")),
    ("nb", _("Norwegian")),
    ("et", _("Estonian")),
    ("lv", _("Latvian")),
    ("pl", _("Polish")),
    ("de", _("German")),
    ("ru", _("Russian")),
]
LANGUAGE_LABELS = dict(COACHING_LANGUAGES)

# A company's sessions are entered in its own time zone; the organisation has a country only.
COUNTRY_ZONES = {
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki",
    "LT": "Europe/Vilnius",
    "NO": "Europe/Oslo",
    "EE": "Europe/Tallinn",
    "LV": "Europe/Riga",
    "PL": "Europe/Warsaw",
    "DE": "Europe/Berlin",
    "IS": "Atlantic/Reykjavik",
}


def zone_of_country(country) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(COUNTRY_ZONES.get(str(country), "Europe/Brussels"))


def _score_in_range(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5})


class Call(models.Model):
    """A call for applications to the coaching programme."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=8000)
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.DEFAULT_USER_TIMEZONE, validators=[validate_timezone]
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    hours_allowance = models.PositiveSmallIntegerField(
        _("coaching hours per SME"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("The allowance each accepted company starts with, e.g. 20."),
    )
    target_domains = models.ManyToManyField(
        "regions.S3Domain", verbose_name=_("target S3 domains"), blank=True, related_name="coaching_calls"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("coaching call")
        verbose_name_plural = _("coaching calls")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="coaching_call_closes_after_opening"),
            models.CheckConstraint(condition=Q(places__gte=1), name="coaching_call_has_places"),
            models.CheckConstraint(condition=Q(hours_allowance__gte=1), name="coaching_call_allowance_positive"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def is_open(self, now=None) -> bool:
        now = now or dj_timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or dj_timezone.now()) >= self.closes_at


class RegionPlaces(models.Model):
    """At most `places` accepted companies from this region (NUTS prefix) in the call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="region_places")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("places for a region")
        verbose_name_plural = _("places per region")
        constraints = [models.UniqueConstraint(fields=["call", "region"], name="coaching_one_quota_per_region")]

    def __str__(self):
        return f"{self.call}: {self.region_id} ({self.places})"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("In screening")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


NEEDS = [
    ("need_innovation_strategy", _("Innovation strategy")),
    ("need_market_access", _("Market access")),
    ("need_financing", _("Financing")),
    ("need_partnerships", _("Partnerships")),
    ("need_sustainability", _("Sustainability and circularity")),
    ("need_digitalisation", _("Digitalisation")),
]


def _need_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=SCORE_VALIDATORS)


class Application(models.Model):
    """A company's application to a call (one per company per call). Drafts may be incomplete;
    submission checks completeness and is final."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="coaching_applications",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    challenge = models.TextField(_("the challenge you want coaching on"), max_length=4000, blank=True)
    target_countries = CountryField(_("target markets"), multiple=True, blank=True)
    target_regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("target regions"), blank=True, related_name="+"
    )
    domains = models.ManyToManyField("regions.S3Domain", verbose_name=_("S3 domains"), blank=True, related_name="+")
    expertise_wanted = models.TextField(_("expertise wanted from a coach"), max_length=2000, blank=True)
    languages = models.JSONField(_("preferred languages"), default=list, blank=True)
    need_innovation_strategy = _need_field(_("Innovation strategy"))
    need_market_access = _need_field(_("Market access"))
    need_financing = _need_field(_("Financing"))
    need_partnerships = _need_field(_("Partnerships"))
    need_sustainability = _need_field(_("Sustainability and circularity"))
    need_digitalisation = _need_field(_("Digitalisation"))
    created_at = models.DateTimeField(default=dj_timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    status_changed_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("coaching application")
        verbose_name_plural = _("coaching applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation"], name="coaching_one_application_per_company"),
            *[models.CheckConstraint(condition=_score_in_range(n), name=f"coaching_{n}_1_to_5") for n, _l in NEEDS],
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="coaching_submitted_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.call}"

    def needs(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in NEEDS]

    def language_labels(self) -> list[str]:
        return [str(LANGUAGE_LABELS.get(code, code)) for code in self.languages]

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class StatusChange(models.Model):
    """The audit trail of an application: who moved it from what to what, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=dj_timezone.now)
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class CoachProfile(models.Model):
    """A coach in the pool."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile")
    country = CountryField(_("country"))
    languages = models.JSONField(_("languages"), default=list)
    domains = models.ManyToManyField("regions.S3Domain", verbose_name=_("expertise domains"), related_name="+")
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    capacity_smes = models.PositiveSmallIntegerField(
        _("capacity (SMEs at a time)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    capacity_hours = models.PositiveIntegerField(
        _("capacity (hours)"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    is_active = models.BooleanField(_("taking new SMEs"), default=True)

    class Meta:
        ordering = ["user__full_name", "pk"]
        verbose_name = _("coach profile")
        verbose_name_plural = _("coach profiles")
        constraints = [
            models.CheckConstraint(condition=Q(capacity_smes__gte=1), name="coaching_coach_capacity_smes"),
            models.CheckConstraint(condition=Q(capacity_hours__gte=1), name="coaching_coach_capacity_hours"),
        ]

    def __str__(self):
        return str(self.user)

    def language_labels(self) -> list[str]:
        return [str(LANGUAGE_LABELS.get(code, code)) for code in self.languages]


class Assignment(models.Model):
    """A coach confirmed for an accepted application, with the SME's hours allowance."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="assignment")
    coach = models.ForeignKey(CoachProfile, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=dj_timezone.now)
    transnational = models.BooleanField(_("transnational"))
    allowance_minutes = models.PositiveIntegerField(_("allowance (minutes)"))
    closing_report = models.TextField(_("closing report"), max_length=8000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("coaching assignment")
        verbose_name_plural = _("coaching assignments")
        constraints = [
            models.CheckConstraint(condition=Q(allowance_minutes__gt=0), name="coaching_allowance_positive"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closing_report=""), name="coaching_closed_has_report"
            ),
        ]

    def __str__(self):
        return f"{self.coach} ↔ {self.application.organisation}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def organisation(self):
        return self.application.organisation


class AllowanceRaise(models.Model):
    """A facilitator raised an assignment's allowance; always with a reason."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="raises")
    minutes = models.PositiveIntegerField(_("minutes added"))
    reason = models.TextField(_("reason"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("allowance raise")
        verbose_name_plural = _("allowance raises")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="coaching_raise_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="coaching_raise_has_reason"),
        ]

    def __str__(self):
        return f"+{self.minutes} min: {self.reason[:40]}"


class Goal(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class TaskOwner(models.TextChoices):
    SME = "sme", _("The company")
    COACH = "coach", _("The coach")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class PlanTask(models.Model):
    """A task of the action plan."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="tasks")
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("owner"), max_length=8, choices=TaskOwner.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title


class TaskComment(models.Model):
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:40]


class SessionMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class SessionStatus(models.TextChoices):
    LOGGED = "logged", _("Waiting for the company's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    VOIDED = "voided", _("Voided after a dispute")


# Sessions that take hours from the allowance: a disputed one does not until it is resolved.
COUNTING_STATUSES = (SessionStatus.LOGGED, SessionStatus.CONFIRMED)


class CoachingSession(models.Model):
    """A coaching session, logged by the coach. `private_notes` are the coach's alone: no page,
    API response or export shown to the company includes them."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="sessions")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(_("mode"), max_length=8, choices=SessionMode.choices)
    summary = models.TextField(_("summary (shared with the company)"), max_length=4000)
    private_notes = models.TextField(_("private notes (only you see them)"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.LOGGED, db_index=True
    )
    dispute_reason = models.TextField(_("why the company disputes it"), max_length=2000, blank=True)
    resolution = models.TextField(_("resolution"), max_length=2000, blank=True)
    logged_at = models.DateTimeField(default=dj_timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="coaching_session_duration_positive"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="coaching_session_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="disputed") | ~Q(dispute_reason=""), name="coaching_dispute_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.assignment}: {self.start:%Y-%m-%d %H:%M}"

    @property
    def counts(self) -> bool:
        return self.status in COUNTING_STATUSES


class Feedback(models.Model):
    """The company's feedback at the end of the coaching."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), validators=SCORE_VALIDATORS)
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), validators=SCORE_VALIDATORS)
    comments = models.TextField(_("comments"), max_length=4000, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(satisfaction__gte=1, satisfaction__lte=5), name="coaching_satisfaction"),
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5), name="coaching_usefulness"),
        ]

    def __str__(self):
        return f"{self.assignment_id}: {self.satisfaction}/{self.usefulness}"


class OutcomeKind(models.TextChoices):
    FINANCING = "financing", _("Financing application submitted")
    COOPERATION = "cooperation", _("International cooperation started")
    TEST_FACILITY = "test_facility", _("Test-facility use planned")
    NEW_MARKET = "new_market", _("New market entered")


class Outcome(models.Model):
    """A structured outcome of a coaching."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=16, choices=OutcomeKind.choices)
    programme = models.CharField(_("financing programme"), max_length=200, blank=True)
    amount_eur = models.DecimalField(
        _("amount applied for (EUR)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    country = CountryField(_("country"), blank=True)
    description = models.CharField(_("details"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("coaching outcome")
        verbose_name_plural = _("coaching outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0), name="coaching_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="financing") | ~Q(programme=""), name="coaching_financing_names_programme"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["cooperation", "new_market"]) | ~Q(country=""),
                name="coaching_outcome_names_country",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class FollowUp(models.Model):
    """A request, 3 or 6 months after closing, that the company update its outcomes. Made once
    each by the periodic scan (the row is the record that it was asked)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after closing"))
    created_at = models.DateTimeField(default=dj_timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    note = models.TextField(_("what has changed"), max_length=4000, blank=True)

    class Meta:
        ordering = ["months"]
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "months"], name="coaching_one_follow_up_each"),
            models.CheckConstraint(condition=Q(months__in=[3, 6]), name="coaching_follow_up_months"),
        ]

    def __str__(self):
        return f"{self.assignment}: {self.months}"
