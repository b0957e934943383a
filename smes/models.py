from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bsrstars.imports import ImportBatch
from bsrstars.outbox.models import OutboxItem
from bsrstars.outbox.services import register as register_outbox
from regions.nace import SECTION_CHOICES

from .sizing import SizeClass

MAX_EMPLOYEES = 1_000_000
MAX_EUR = 10**13  # ten trillion euros: anything above is a typing error
FIRST_FOUNDING_YEAR = 1600
# A CHECK constraint cannot read the clock (SQLite refuses non-deterministic functions in one,
# PostgreSQL assumes CHECKs immutable), so the database holds a fixed ceiling and the validator
# below holds "not in the future".
FOUNDING_YEAR_CEILING = 2100


def current_year() -> int:
    return timezone.now().year


# The one rule for a founding year: the model, the company form and the API serializer use it.
FOUNDING_YEAR_VALIDATORS = [
    MinValueValidator(FIRST_FOUNDING_YEAR),
    MaxValueValidator(current_year, message=_("The founding year cannot be in the future.")),
]


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
    founding_year = models.PositiveSmallIntegerField(_("founding year"), validators=FOUNDING_YEAR_VALIDATORS)
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
            models.CheckConstraint(
                condition=Q(founding_year__gte=FIRST_FOUNDING_YEAR, founding_year__lte=FOUNDING_YEAR_CEILING),
                name="smes_founding_year_plausible",
            ),
        ]

    def __str__(self):
        return str(self.organisation)


class CompanyImport(ImportBatch):
    """An uploaded file of companies (see smes/importing.py)."""

    class Meta(ImportBatch.Meta):
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def existing_count(self) -> int:
        return self.count("existing")

    @property
    def warning_count(self) -> int:
        """Rows to check before importing: the name of a company registered under another ID."""
        return sum(1 for row in self.report if row.get("warnings"))


@register_outbox
class CompanyImportJob(OutboxItem):
    """Checking or importing a large company file in a worker (see smes/importing.py); the page
    polls the row (and the progress the task reports through the cache)."""

    outbox_task = "smes.run_company_import"

    class Phase(models.TextChoices):
        CHECK = "check", _("check the rows")
        IMPORT = "import", _("import the companies")

    batch = models.ForeignKey(CompanyImport, on_delete=models.CASCADE, related_name="jobs")
    phase = models.CharField(_("phase"), max_length=6, choices=Phase.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("company import job")
        verbose_name_plural = _("company import jobs")
        # A double click on "Import" cannot start the import twice.
        constraints = [models.UniqueConstraint(fields=["batch", "phase"], name="one_job_per_import_phase")]

    def __str__(self):
        return f"{self.batch} {self.phase} ({self.status})"
