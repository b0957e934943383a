from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bsrstars.imports import ImportBatch


class RegionLevel(models.IntegerChoices):
    COUNTRY = 0, _("Country (NUTS 0)")
    NUTS1 = 1, _("NUTS 1")
    NUTS2 = 2, _("NUTS 2")
    NUTS3 = 3, _("NUTS 3")


class Region(models.Model):
    """A NUTS 2021 territorial unit. Codes nest by prefix: SE224 lies in SE22, SE2 and SE."""

    code = models.CharField(_("NUTS code"), max_length=5, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_partner = models.BooleanField(
        _("partner region"), default=False, help_text=_("Partner regions of the programme (changeable by admins).")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=0, level__lte=3), name="regions_region_level_0_3"),
            models.CheckConstraint(
                condition=Q(level=0, parent__isnull=True) | Q(level__gt=0, parent__isnull=False),
                name="regions_region_parent_matches_level",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def contains(self, other: "Region") -> bool:
        """True when `other` is this region or lies inside it."""
        return other.code.startswith(self.code)


class ReferenceTexts:
    """Names, units and descriptions loaded from regions/data (listed for translation in
    regions/reference_texts.py), shown in the reader's language."""

    @property
    def label(self) -> str:
        return gettext(self.name) if self.name else ""

    @property
    def unit_label(self) -> str:
        return gettext(self.unit) if getattr(self, "unit", "") else ""

    @property
    def description_label(self) -> str:
        return gettext(self.description) if self.description else ""


class S3Domain(ReferenceTexts, models.Model):
    """A smart-specialisation domain in the programme's taxonomy (a tree with codes)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    nace_codes = models.JSONField(
        _("NACE Rev.2 codes"), default=list, blank=True, help_text=_("NACE Rev.2 sections, divisions or classes.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("S3 domain")
        verbose_name_plural = _("S3 domains")

    def __str__(self):
        return self.label


class RegionProfile(models.Model):
    """A region's smart-specialisation profile, kept by its regional authority (Eye@RIS3-style)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="profile", primary_key=True)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    strategy_url = models.URLField(_("S3 strategy document"), blank=True)
    needs = models.ManyToManyField(
        S3Domain,
        verbose_name=_("domains where the region seeks partners"),
        related_name="needed_by",
        blank=True,
        help_text=_("Domains the region wants to build up with others' help."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("region profile")
        verbose_name_plural = _("region profiles")

    def __str__(self):
        return str(self.region)


class S3Priority(models.Model):
    profile = models.ForeignKey(RegionProfile, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    domains = models.ManyToManyField(S3Domain, verbose_name=_("S3 domains"), related_name="priorities")
    nace_codes = models.JSONField(_("NACE Rev.2 codes"), default=list, blank=True)
    strength = models.PositiveSmallIntegerField(
        _("strength"), help_text=_("1 = emerging, 5 = a leading strength of the region.")
    )
    strategy_url = models.URLField(_("strategy document"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("S3 priority")
        verbose_name_plural = _("S3 priorities")
        constraints = [
            models.CheckConstraint(condition=Q(strength__gte=1, strength__lte=5), name="regions_priority_strength_1_5")
        ]

    def __str__(self):
        return self.title


class RegionContact(models.Model):
    profile = models.ForeignKey(RegionProfile, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class ProfileRevision(models.Model):
    """Who changed a region's profile, when, and what changed (the profile before and after)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="profile_revisions")
    changed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    changes = models.JSONField(default=list)  # ["Priority “X”: strength 3 → 4", ...]
    snapshot = models.JSONField(default=dict)  # the whole profile after the change

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")

    def __str__(self):
        return f"{self.region.code} {self.changed_at:%Y-%m-%d %H:%M}"


class StatisticIndicator(ReferenceTexts, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("usual source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("statistical indicator")
        verbose_name_plural = _("statistical indicators")

    def __str__(self):
        return self.label


class RegionalStatistic(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="statistics")
    indicator = models.ForeignKey(StatisticIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["region__code", "indicator__code", "year"]
        verbose_name = _("regional statistic")
        verbose_name_plural = _("regional statistics")
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator", "year"], name="regions_one_value_per_year"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="regions_statistic_year_range"),
        ]

    def __str__(self):
        return f"{self.region.code} {self.indicator.code} {self.year}"


class StatisticsImport(ImportBatch):
    class Meta(ImportBatch.Meta):
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")


class KPIKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    RESULT = "result", _("Result")


class KPIDefinition(ReferenceTexts, models.Model):
    """A programme indicator (Jems-style). Its value comes from the KPI registry provider named
    by `provider_code`; with no such provider registered it is "not yet measured"."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=KPIKind.choices)
    description = models.TextField(_("description"), blank=True)
    provider_code = models.CharField(_("KPI provider"), max_length=80, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)
    milestone = models.DecimalField(_("milestone"), max_digits=12, decimal_places=2, null=True, blank=True)
    milestone_date = models.DateField(_("milestone date"), null=True, blank=True)
    target = models.DecimalField(_("final target"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("KPI definition")
        verbose_name_plural = _("KPI definitions")

    def __str__(self):
        return self.label


class KPIRegionTarget(models.Model):
    definition = models.ForeignKey(KPIDefinition, on_delete=models.CASCADE, related_name="region_targets")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="kpi_targets")
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("regional KPI target")
        verbose_name_plural = _("regional KPI targets")
        constraints = [models.UniqueConstraint(fields=["definition", "region"], name="regions_one_target_per_region")]

    def __str__(self):
        return f"{self.definition.code} {self.region.code}: {self.target}"


class KPISnapshot(models.Model):
    """A KPI's value as reported at the end of a month (one row per KPI and month)."""

    definition = models.ForeignKey(KPIDefinition, on_delete=models.CASCADE, related_name="snapshots")
    month = models.DateField(_("month"))  # the first day of the month reported on
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    by_region = models.JSONField(default=dict)
    by_country = models.JSONField(default=dict)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["definition", "month"]
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        constraints = [
            models.UniqueConstraint(fields=["definition", "month"], name="regions_one_snapshot_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="regions_snapshot_first_of_month"),
        ]

    def __str__(self):
        return f"{self.definition.code} {self.month:%Y-%m}: {self.value}"


class PolicyLearningKind(models.TextChoices):
    PEER_REVIEW = "peer_review", _("Peer review")
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other")


class PolicyLearningActivity(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyLearningKind.choices)
    date = models.DateField(_("date"))
    host_region = models.ForeignKey(
        Region, verbose_name=_("host region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    participants = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("participating authorities"),
        related_name="policy_learning",
        blank=True,
        limit_choices_to={"kind__in": ["regional_authority", "national_authority"]},
    )
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("policy-learning activity")
        verbose_name_plural = _("policy-learning activities")

    def __str__(self):
        return self.title
