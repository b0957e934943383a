from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .nace import SECTION_CHOICES
from .sizing import SizeClass

MAX_EMPLOYEES = 1_000_000
MAX_EUR = 10**13  # ten trillion euros: anything above is a typing error


class SMEProfile(models.Model):
    """The company profile that goes with an Organisation of kind SME: the one shared record
    that events, coaching and test facilities all use."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="sme_profile", primary_key=True
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, help_text=_("Optional; with its country prefix.")
    )
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100)
    nace_code = models.CharField(_("NACE Rev.2 main activity"), max_length=8)
    nace_section = models.CharField(_("NACE section"), max_length=1, choices=SECTION_CHOICES, db_index=True)
    s3_domains = models.ManyToManyField("regions.S3Domain", verbose_name=_("S3 domains"), related_name="smes")
    employees = models.PositiveIntegerField(_("employees (headcount)"), validators=[MaxValueValidator(MAX_EMPLOYEES)])
    annual_turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"),
        max_digits=15,
        decimal_places=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_EUR)],
    )
    balance_sheet_total_eur = models.DecimalField(
        _("balance-sheet total (EUR)"),
        max_digits=15,
        decimal_places=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_EUR)],
    )
    founding_year = models.PositiveSmallIntegerField(_("founding year"), validators=[MinValueValidator(1600)])
    description = models.TextField(_("short description"), max_length=2000)
    offers = models.TextField(_("technology and competence we offer"), blank=True, max_length=4000)
    offer_domains = models.ManyToManyField(
        "regions.S3Domain", verbose_name=_("domains of what we offer"), related_name="sme_offers", blank=True
    )
    needs = models.TextField(_("technology and competence we need"), blank=True, max_length=4000)
    need_domains = models.ManyToManyField(
        "regions.S3Domain", verbose_name=_("domains of what we need"), related_name="sme_needs", blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_public = models.BooleanField(
        _("show contact details to all portal users"),
        default=False,
        help_text=_("Otherwise only your members, facilitators and programme admins see them."),
    )
    figures_public = models.BooleanField(
        _("show staff and financial figures to all portal users"),
        default=False,
        help_text=_("Otherwise only your members, facilitators and programme admins see them."),
    )
    size_class = models.CharField(
        _("SME size class"),
        max_length=10,
        choices=SizeClass.choices,
        default=SizeClass.UNKNOWN,
        db_index=True,
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SME profile")
        verbose_name_plural = _("SME profiles")
        constraints = [
            models.CheckConstraint(condition=Q(annual_turnover_eur__gte=0), name="smes_turnover_not_negative"),
            models.CheckConstraint(condition=Q(balance_sheet_total_eur__gte=0), name="smes_balance_not_negative"),
            models.CheckConstraint(condition=Q(founding_year__gte=1600), name="smes_founding_year_plausible"),
        ]

    def __str__(self):
        return str(self.organisation)


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, not imported")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Refused: the file has errors")


class CompanyImport(models.Model):
    """One uploaded file of companies: checked first (dry run), imported all-or-nothing on confirm."""

    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # the parsed rows, as strings, exactly as checked
    report = models.JSONField(default=list)  # [{"row": n, "status": "new"|"existing"|"error", "errors": [...]}]
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")

    def __str__(self):
        return self.filename

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.report if row["status"] == "error")

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.report if row["status"] == "new")

    @property
    def existing_count(self) -> int:
        return sum(1 for row in self.report if row["status"] == "existing")
