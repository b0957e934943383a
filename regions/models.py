from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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


class S3Domain(models.Model):
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
        return self.name
