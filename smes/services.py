"""Writes for SMEs: registration (one company, one record), profile updates, bulk import.

`is_eligible_sme` is the one place other modules ask whether an organisation may use
SME-only services.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bsrstars.accounts.business_ids import canonical_business_id, canonical_vat_number
from bsrstars.accounts.models import Organisation, OrganisationKind, User
from bsrstars.accounts.services import create_organisation
from regions.nace import normalise_nace

from .models import SMEProfile
from .sizing import ELIGIBLE, classify

PROFILE_FIELDS = [
    "vat_number",
    "address",
    "postal_code",
    "city",
    "nace_code",
    "employees",
    "annual_turnover_eur",
    "balance_sheet_total_eur",
    "founding_year",
    "description",
    "offers",
    "needs",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_public",
    "figures_public",
]
DOMAIN_FIELDS = ["s3_domains", "offer_domains", "need_domains"]


class DuplicateCompany(Exception):
    """The business ID is registered already; `organisation` is the existing record."""

    def __init__(self, organisation: Organisation):
        super().__init__(organisation.name)
        self.organisation = organisation


def is_eligible_sme(organisation: Organisation) -> bool:
    """Whether the organisation is an SME by the EU definition (from its current profile)."""
    profile = getattr(organisation, "sme_profile", None) if organisation.pk else None
    return profile is not None and profile.size_class in ELIGIBLE


def find_company(*, country: str, business_id: str) -> Organisation | None:
    compact = canonical_business_id(country, business_id)
    return Organisation.objects.filter(country=country, business_id=compact).first() if compact else None


def _save_profile(profile: SMEProfile, data: dict) -> SMEProfile:
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.nace_code, profile.nace_section = normalise_nace(profile.nace_code)
    try:
        profile.vat_number = canonical_vat_number(profile.organisation.country, profile.vat_number)
    except ValidationError as exc:
        raise ValidationError({"vat_number": exc}) from None
    profile.size_class = classify(profile.employees, profile.annual_turnover_eur, profile.balance_sheet_total_eur)
    profile.full_clean()
    profile.save()
    for field in DOMAIN_FIELDS:
        if field in data:
            getattr(profile, field).set(data[field])
    return profile


@transaction.atomic
def register_company(
    *, name: str, country: str, business_id: str, region, website: str = "", profile: dict, registered_by: User | None
) -> Organisation:
    """Create the company and its profile; the person registering becomes its admin member.

    Raises DuplicateCompany when the (country, business ID) exists (checked first, and again by
    the database's unique constraint for two registrations at the same moment), and
    ValidationError for bad input. Nothing is saved unless everything is.
    """
    existing = find_company(country=country, business_id=business_id)
    if existing is not None:
        raise DuplicateCompany(existing)
    try:
        with transaction.atomic():
            organisation = create_organisation(
                name=name,
                kind=OrganisationKind.SME,
                country=country,
                region=region,
                business_id=business_id,
                website=website,
                created_by=registered_by,
            )
    except IntegrityError:
        raise DuplicateCompany(find_company(country=country, business_id=business_id)) from None
    except ValidationError:
        # A registration committed between the check above and this one's validation: the
        # model's unique constraint reports it before the database could.
        raced = find_company(country=country, business_id=business_id)
        if raced is not None:
            raise DuplicateCompany(raced) from None
        raise
    _save_profile(SMEProfile(organisation=organisation), profile)
    return organisation


@transaction.atomic
def update_company(*, organisation: Organisation, name: str, region, website: str, profile: dict) -> Organisation:
    """Members who administer the company keep it current; country and business ID stay fixed."""
    organisation.name, organisation.region, organisation.website = name, region, website
    organisation.full_clean()
    organisation.save(update_fields=["name", "region", "website", "updated_at"])
    existing = getattr(organisation, "sme_profile", None)
    _save_profile(existing or SMEProfile(organisation=organisation), profile)
    return organisation


def validation_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {message}" for field, errors in exc.message_dict.items() for message in errors]
    return list(exc.messages)


def duplicate_message(organisation: Organisation) -> str:
    return _("%(name)s is already registered with this business ID.") % {"name": organisation.name}
