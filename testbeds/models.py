"""Test and demonstration facilities: catalogue, availability, voucher calls, access applications,
bookings and usage reports.

Time on a unit is one table, `TimeBlock`: bookings and blackouts. A block holds the unit from
`start` to `blocked_until` (a booking's end plus the unit's buffer, a blackout's end), and two
active blocks of a unit never share a moment. Periods are half-open, so touching periods are
allowed. The booking service checks this on every database under a row lock on the unit; on
PostgreSQL an exclusion constraint (btree_gist, migration 0002) holds it in the database too.
The buffered end is a stored column because `timestamptz + interval` is not immutable, so
PostgreSQL accepts it neither in an index expression nor in a generated column.
"""

import zoneinfo
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from bsrstars.accounts.models import validate_timezone


class Facility(models.Model):
    name = models.CharField(_("name"), max_length=200)
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator organisation"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region (NUTS 3)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilities",
        limit_choices_to={"level": 3},
    )
    description = models.TextField(_("description"), max_length=5000)
    website = models.URLField(_("website"), blank=True)
    access_conditions = models.TextField(_("access conditions"), max_length=3000, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.DEFAULT_USER_TIMEZONE, validators=[validate_timezone]
    )
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("test facility")
        verbose_name_plural = _("test facilities")

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)


class ProcessType(models.TextChoices):
    FERMENTATION = "fermentation", _("Fermentation")
    BIOREFINING = "biorefining", _("Biorefining and fractionation")
    EXTRACTION = "extraction", _("Extraction and purification")
    THERMOCHEMICAL = "thermochemical", _("Thermochemical conversion")
    ALGAE = "algae", _("Algae cultivation")
    MATERIALS = "materials", _("Bio-based materials processing")
    FOOD = "food", _("Food and feed processing")
    ANALYTICS = "analytics", _("Analytics and testing")


class Scale(models.TextChoices):
    LAB = "lab", _("Lab")
    PILOT = "pilot", _("Pilot")
    DEMO = "demo", _("Demo")


class Unit(models.Model):
    """A bookable part of a facility (a pilot fermentation line, an analytics lab)."""

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    process_type = models.CharField(_("process type"), max_length=20, choices=ProcessType.choices)
    scale = models.CharField(_("scale"), max_length=8, choices=Scale.choices)
    feedstocks = models.CharField(
        _("feedstocks"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. straw, whey, seaweed.")
    )
    capacity = models.CharField(_("capacity"), max_length=200, blank=True, help_text=_("E.g. 1,000 L working volume."))
    domains = models.ManyToManyField("regions.S3Domain", verbose_name=_("S3 domains"), blank=True, related_name="+")
    price_per_day = models.DecimalField(
        _("indicative price per day (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    buffer_hours = models.PositiveSmallIntegerField(
        _("buffer after each booking (hours)"),
        default=0,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("Cleaning and changeover time: nothing else may start on the unit within it."),
    )
    min_days = models.PositiveSmallIntegerField(
        _("shortest booking (days)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    max_days = models.PositiveSmallIntegerField(
        _("longest booking (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["facility__name", "name", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_days__gte=F("min_days")),
                name="testbeds_unit_days_ordered",
                violation_error_message=_("The longest booking cannot be shorter than the shortest."),
            ),
            models.CheckConstraint(condition=Q(price_per_day__gte=0), name="testbeds_unit_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.facility.name}: {self.name}"

    @property
    def buffer(self) -> timedelta:
        return timedelta(hours=self.buffer_hours)

    def feedstock_list(self) -> list[str]:
        return [f.strip() for f in self.feedstocks.split(",") if f.strip()]


class BlockKind(models.TextChoices):
    BOOKING = "booking", _("Booking")
    BLACKOUT = "blackout", _("Blackout")


class BlockStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class TimeBlock(models.Model):
    """Time taken on a unit: a booking (of an approved application) or a blackout."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(_("kind"), max_length=10, choices=BlockKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=BlockStatus.choices, default=BlockStatus.ACTIVE)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    blocked_until = models.DateTimeField(_("unit free again"), editable=False)
    application = models.ForeignKey(
        "AccessApplication",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("time block")
        verbose_name_plural = _("time blocks")
        indexes = [models.Index(fields=["unit", "status", "start"], name="testbeds_block_unit_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="testbeds_block_ends_after_start"),
            models.CheckConstraint(condition=Q(blocked_until__gte=F("end")), name="testbeds_block_buffer_after_end"),
            models.CheckConstraint(
                condition=Q(kind="blackout") | Q(application__isnull=False), name="testbeds_booking_has_application"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.start:%Y-%m-%d %H:%M}–{self.end:%Y-%m-%d %H:%M} ({self.kind})"

    @property
    def days(self) -> int:
        """Whole days the block spans, a started day counted in full."""
        return -(-(self.end - self.start) // timedelta(days=1))


class BookingManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=BlockKind.BOOKING)


class BlackoutManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=BlockKind.BLACKOUT)


class Booking(TimeBlock):
    objects = BookingManager()

    class Meta:
        proxy = True
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def save(self, *args, **kwargs):
        self.kind = BlockKind.BOOKING
        super().save(*args, **kwargs)


class Blackout(TimeBlock):
    objects = BlackoutManager()

    class Meta:
        proxy = True
        verbose_name = _("blackout")
        verbose_name_plural = _("blackouts")

    def save(self, *args, **kwargs):
        self.kind = BlockKind.BLACKOUT
        super().save(*args, **kwargs)


class VoucherCall(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"), help_text=_("The last day applications can be submitted."))
    max_amount = models.DecimalField(
        _("maximum voucher per project (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    max_projects = models.PositiveIntegerField(_("number of projects"), validators=[MinValueValidator(1)])
    total_budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("1"))]
    )
    cofinancing_rate = models.PositiveSmallIntegerField(
        _("co-financing rate (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of the agreed access price the voucher may cover."),
    )
    transnational_only = models.BooleanField(
        _("transnational access only"),
        default=True,
        help_text=_("The company's country must differ from the facility's."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-opens", "pk"]
        verbose_name = _("voucher call")
        verbose_name_plural = _("voucher calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gte=F("opens")),
                name="testbeds_call_closes_after_opens",
                violation_error_message=_("The call must close on or after the day it opens."),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_rate__gte=1, cofinancing_rate__lte=100), name="testbeds_call_rate_percent"
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or dj_timezone.localdate()
        return self.opens <= today <= self.closes


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: with the facility's operator")
    NOT_FEASIBLE = "not_feasible", _("Not feasible at this facility")
    FEASIBLE = "feasible", _("Feasible: with the programme for the voucher decision")
    REJECTED = "rejected", _("Voucher rejected")
    APPROVED = "approved", _("Voucher granted: booked")
    COMPLETED = "completed", _("Completed: usage reported")


GRANTED = (ApplicationStatus.APPROVED, ApplicationStatus.COMPLETED)


class AccessApplication(models.Model):
    call = models.ForeignKey(
        VoucherCall, verbose_name=_("voucher call"), on_delete=models.PROTECT, related_name="applications"
    )
    company = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("company"), on_delete=models.PROTECT, related_name="access_applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="applications"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="applications")
    project_description = models.TextField(_("project description"), max_length=5000)
    expected_results = models.TextField(_("expected results"), max_length=3000)
    desired_start = models.DateField(_("desired period from"))
    desired_end = models.DateField(_("desired period until"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), validators=[MinValueValidator(1)])
    requested_amount = models.DecimalField(
        _("requested voucher (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("1"))]
    )
    de_minimis_declared = models.BooleanField(
        _("de minimis declaration"),
        default=False,
        help_text=_(
            "I declare that the company's de minimis aid, this voucher included, stays within the EU ceiling "
            "over the last three years."
        ),
    )
    de_minimis_received = models.DecimalField(
        _("de minimis aid received in the last three years (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=14, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    created_at = models.DateTimeField(default=dj_timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    proposed_start = models.DateTimeField(_("proposed start"), null=True, blank=True)
    proposed_end = models.DateTimeField(_("proposed end"), null=True, blank=True)
    proposed_price = models.DecimalField(
        _("proposed price (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    operator_comment = models.TextField(_("operator's comment"), max_length=3000, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("granted voucher (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=3000, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    report_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access application")
        verbose_name_plural = _("access applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_end__gte=F("desired_start")), name="testbeds_application_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(status__in=["approved", "completed"]),
                name="testbeds_granted_only_when_approved",
            ),
        ]

    def __str__(self):
        return f"{self.company} → {self.facility} ({self.status})"


class ApplicationEvent(models.Model):
    """The audit trail: every step of an application, who took it and when."""

    application = models.ForeignKey(AccessApplication, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=dj_timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("step"), max_length=40)
    status = models.CharField(_("status afterwards"), max_length=14, choices=ApplicationStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self):
        return f"{self.application_id} {self.action} @ {self.at:%Y-%m-%d %H:%M}"


class UsageReport(models.Model):
    """After the booking ends: what the SME tested and what follows; the operator confirms the time used."""

    application = models.OneToOneField(AccessApplication, on_delete=models.CASCADE, related_name="usage_report")
    what_was_tested = models.TextField(_("what was tested"), max_length=3000)
    results = models.TextField(_("results"), max_length=3000)
    plans_investment = models.BooleanField(_("we plan an investment"), default=False)
    plans_scale_up = models.BooleanField(_("we plan to scale up"), default=False)
    plans_cooperation = models.BooleanField(_("we start a new cooperation"), default=False)
    follow_up = models.TextField(_("follow-up plans"), max_length=3000, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=dj_timezone.now)
    days_used = models.DecimalField(_("days used"), max_digits=6, decimal_places=1, null=True, blank=True)
    hours_used = models.DecimalField(_("hours used"), max_digits=7, decimal_places=1, null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")

    def __str__(self):
        return f"{self.application}: report"
