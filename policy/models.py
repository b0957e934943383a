"""Policy briefs: a Brief is the document; each BriefVersion holds its text, evidence choices and,
once published, the frozen data snapshot. A published version is never edited: changing the brief
starts a new version. Renditions (PDF + HTML) are outbox rows built by a task."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from bsrstars.outbox.models import OutboxItem
from bsrstars.outbox.services import register as register_outbox

MAX_SECTIONS = 30
MAX_SECTION_CHARS = 20_000
MAX_RECOMMENDATIONS = 30
MAX_EVIDENCE_BLOCKS = 20


class Scope(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    TRANSNATIONAL = "transnational", _("Transnational")
    EU = "eu", _("EU")


class Level(models.TextChoices):
    REGIONAL = "regional", _("Regional level")
    NATIONAL = "national", _("National level")
    EU = "eu", _("EU level")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class EvidenceKind(models.TextChoices):
    KPI_PROGRESS = "kpi_progress", _("KPI progress table and chart")
    REGION_PROFILES = "region_profiles", _("Region profile comparison")
    COMPLEMENTARITY = "complementarity", _("Complementarity matrix")
    OUTCOMES = "outcomes", _("Event, coaching and test-facility outcomes")
    REGIONAL_STATISTICS = "regional_statistics", _("Regional statistics chart")


class Brief(models.Model):
    """The document a partner writes; its content lives in versions."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="policy_briefs"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policy_briefs",
    )
    is_public = models.BooleanField(
        _("PDF open to everyone"),
        default=False,
        help_text=_("Published versions can be downloaded without signing in."),
    )
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("policy brief")
        verbose_name_plural = _("policy briefs")

    def __str__(self):
        latest = self.versions.order_by("-number").first()
        return latest.title if latest else f"#{self.pk}"


class BriefVersion(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    scope = models.CharField(_("scope"), max_length=15, choices=Scope.choices, default=Scope.TRANSNATIONAL)
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("regions"), blank=True, related_name="policy_brief_versions"
    )
    domains = models.ManyToManyField(
        "regions.S3Domain", verbose_name=_("S3 domains"), blank=True, related_name="policy_brief_versions"
    )
    change_note = models.CharField(
        _("what changed"), max_length=500, blank=True, help_text=_("Shown to readers in the list of versions.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    snapshot = models.JSONField(_("data snapshot"), default=dict, blank=True)
    snapshot_taken_at = models.DateTimeField(_("figures as of"), null=True, blank=True)

    class Meta:
        ordering = ["brief", "-number"]
        verbose_name = _("brief version")
        verbose_name_plural = _("brief versions")
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="policy_version_number_unique"),
            models.UniqueConstraint(
                fields=["brief"], condition=~Q(status="published"), name="policy_one_working_version"
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False, snapshot_taken_at__isnull=False)
                | ~Q(status="published"),
                name="policy_published_has_snapshot",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class VersionContent(models.Model):
    """Abstract: a part of a version, frozen once the version is published."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        if BriefVersion.objects.filter(pk=self.version_id, status=VersionStatus.PUBLISHED).exists():
            raise ValidationError(_("A published version cannot be changed; start a new version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if BriefVersion.objects.filter(pk=self.version_id, status=VersionStatus.PUBLISHED).exists():
            raise ValidationError(_("A published version cannot be changed; start a new version."))
        return super().delete(*args, **kwargs)


class Section(VersionContent):
    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=MAX_SECTION_CHARS, blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading


class Recommendation(VersionContent):
    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"), max_length=2000)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    addressee = models.CharField(_("addressed to"), max_length=200, blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:60]


class EvidenceBlock(VersionContent):
    """Live figures placed in the brief: after the section at `position` (0 = before the first)."""

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="evidence_blocks")
    kind = models.CharField(_("evidence"), max_length=24, choices=EvidenceKind.choices)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    params = models.JSONField(default=dict, blank=True)

    class Meta(VersionContent.Meta):
        verbose_name = _("evidence block")
        verbose_name_plural = _("evidence blocks")

    def __str__(self):
        return self.get_kind_display()


class ReviewComment(models.Model):
    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(default=dj_timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def private_storage():
    """Outside MEDIA_ROOT, so no media URL (not even DEBUG's) can serve a brief's PDF."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def rendition_path(instance, filename):
    return f"policy/{instance.version.brief_id}/v{instance.version.number}-{instance.pk}.pdf"


@register_outbox
class Rendition(OutboxItem):
    """A PDF (and the HTML it was made from) of a version, built by the task."""

    outbox_task = "policy.render_version"

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="renditions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    # Private storage: downloads go through a view that checks permission on every request.
    file = models.FileField(_("PDF"), upload_to=rendition_path, storage=private_storage, blank=True)
    html = models.TextField(_("rendered HTML"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    snapshot_taken_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")

    def __str__(self):
        return f"{self.version} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class Download(models.Model):
    """One download of a rendition, counted per organisation for the authors and the KPIs."""

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="brief_downloads"
    )
    at = models.DateTimeField(default=dj_timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")

    def __str__(self):
        return f"{self.version} {self.at:%Y-%m-%d} ({self.organisation or '-'})"
