from django import forms
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts.business_ids import SCHEMES, canonical_business_id, canonical_vat_number
from regions.models import Region, S3Domain
from regions.nace import normalise_nace

from .filters import PROGRAMME_COUNTRIES
from .models import SMEProfile
from .services import DOMAIN_FIELDS, PROFILE_FIELDS


class RegionSelect(forms.Select):
    """Options grouped by country, each tagged with data-country so static/js/region-filter.js
    can show only the chosen country's regions. The server checks the match either way."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        country = getattr(self, "countries", {}).get(str(value))
        if country:
            option["attrs"]["data-country"] = country
        return option


def _region_field():
    regions = list(Region.objects.filter(level=3).order_by("country", "name"))
    names = dict(PROGRAMME_COUNTRIES)
    choices = [("", "---------")] + [
        (str(names.get(country, country)), [(r.code, f"{r.name} ({r.code})") for r in regions if r.country == country])
        for country in names
    ]
    widget = RegionSelect(attrs={"data-country-select": "id_country"})
    widget.countries = {r.code: r.country for r in regions}
    return forms.ChoiceField(
        label=_("Region"), choices=choices, widget=widget, help_text=_("The NUTS 3 region where the company is based.")
    )


def _domains_field(label, required=False):
    return forms.ModelMultipleChoiceField(
        label=label,
        required=required,
        queryset=S3Domain.objects.exclude(parent=None).order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )


class CompanyForm(forms.ModelForm):
    """Register a company or edit it. Country and business ID are fixed once registered."""

    name = forms.CharField(label=_("Legal name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "---------"), *PROGRAMME_COUNTRIES])
    business_id = forms.CharField(label=_("National business ID"), max_length=32)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = SMEProfile
        fields = PROFILE_FIELDS + DOMAIN_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "offers": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [
        "name",
        "country",
        "business_id",
        "vat_number",
        "region",
        "address",
        "postal_code",
        "city",
        "website",
        "nace_code",
        "s3_domains",
        "employees",
        "annual_turnover_eur",
        "balance_sheet_total_eur",
        "founding_year",
        "description",
        "offers",
        "offer_domains",
        "needs",
        "need_domains",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_public",
        "figures_public",
    ]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["region"] = _region_field()
        self.fields["s3_domains"] = _domains_field(_("S3 domains"), required=True)
        self.fields["offer_domains"] = _domains_field(_("Domains of what you offer"))
        self.fields["need_domains"] = _domains_field(_("Domains of what you need"))
        self.fields["nace_code"].help_text = _("NACE Rev.2 code of the main activity, e.g. C10.89 or 72.11.")
        self.fields["business_id"].help_text = _(
            "SE organisationsnummer, DK CVR, FI Y-tunnus, NO organisasjonsnummer, LT įmonės kodas (9 digits)."
        )
        self.fields["employees"].help_text = _("Staff headcount of the company (annual work units).")
        self.fields["annual_turnover_eur"].help_text = _("Last closed financial year, in euros.")
        self.fields["balance_sheet_total_eur"].help_text = _("Last closed financial year, in euros.")
        self.order_fields(self.field_order)
        if organisation is not None:
            self.fields["country"].disabled = self.fields["business_id"].disabled = True
            self.initial.update(
                {
                    "name": organisation.name,
                    "country": str(organisation.country),
                    "business_id": organisation.business_id_display,
                    "website": organisation.website,
                    "region": organisation.region.code if organisation.region else "",
                }
            )

    def clean_business_id(self):
        country = self.data.get("country") if self.organisation is None else str(self.organisation.country)
        value = self.cleaned_data["business_id"]
        if self.organisation is not None:
            return self.organisation.business_id
        if country not in SCHEMES:
            return value
        return canonical_business_id(country, value)

    def clean_vat_number(self):
        country = self.data.get("country") if self.organisation is None else str(self.organisation.country)
        return canonical_vat_number(country or "", self.cleaned_data["vat_number"])

    def clean_nace_code(self):
        return normalise_nace(self.cleaned_data["nace_code"])[0]

    def clean(self):
        cleaned = super().clean()
        code, country = cleaned.get("region"), cleaned.get("country")
        if code:
            region = Region.objects.filter(code=code, level=3).first()
            if region is None:
                self.add_error("region", _("Choose a NUTS 3 region."))
            elif country and region.country != country:
                self.add_error("region", _("This region is not in the chosen country."))
            else:
                cleaned["region"] = region
        return cleaned

    FIELDSETS = [
        (
            _("Company"),
            ["name", "country", "business_id", "vat_number", "region", "address", "postal_code", "city", "website"],
        ),
        (_("Activity"), ["nace_code", "s3_domains", "description"]),
        (
            _("Size (EU SME definition)"),
            ["employees", "annual_turnover_eur", "balance_sheet_total_eur", "founding_year"],
        ),
        (_("What you offer and need"), ["offers", "offer_domains", "needs", "need_domains"]),
        (_("Contact"), ["contact_name", "contact_email", "contact_phone", "contact_public", "figures_public"]),
    ]

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def profile_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in PROFILE_FIELDS + DOMAIN_FIELDS if f in self.cleaned_data}
