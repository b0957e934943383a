"""National business IDs: validation and one canonical (compact) form per country.

python-stdnum does the work where it has the country. The Lithuanian company code (juridinio
asmens kodas, 9 digits) has no stdnum module, so it gets a documented format check only.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.util import clean


@dataclass(frozen=True)
class Scheme:
    name: str
    example: str
    validate: callable  # returns the compact form or raises stdnum's ValidationError
    format: callable


def _lt_company_code(value: str) -> str:
    compact = clean(value, " -").strip()
    if not (compact.isdigit() and len(compact) == 9):
        raise StdnumError()
    return compact


SCHEMES = {
    "SE": Scheme(_("Swedish organisation number"), "556036-0793", se_orgnr.validate, se_orgnr.format),
    "DK": Scheme(_("Danish CVR number"), "13585628", cvr.validate, cvr.compact),
    "FI": Scheme(_("Finnish business ID (Y-tunnus)"), "2976540-2", ytunnus.validate, ytunnus.format),
    "NO": Scheme(_("Norwegian organisation number"), "923456783", no_orgnr.validate, no_orgnr.format),
    "LT": Scheme(_("Lithuanian company code (9 digits)"), "188710061", _lt_company_code, _lt_company_code),
}


def canonical_business_id(country: str, value: str) -> str:
    """Return the compact form of `value` for `country`, or raise a ValidationError naming the format."""
    value = (value or "").strip()
    scheme = SCHEMES.get(str(country).upper())
    if not value:
        return ""
    if scheme is None:
        return clean(value, " -./").upper()
    try:
        return scheme.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid %(scheme)s. Expected a number like %(example)s."),
            code="invalid_business_id",
            params={"scheme": scheme.name, "example": scheme.example},
        ) from None


def display_business_id(country: str, compact: str) -> str:
    scheme = SCHEMES.get(str(country).upper())
    if scheme is None or not compact:
        return compact
    return scheme.format(compact)


def canonical_vat_number(country: str, value: str) -> str:
    """Compact VAT number with its country prefix (EU VIES format; Norway's MVA number), or ''.

    Raises ValidationError when the number is malformed or belongs to another country.
    """
    from stdnum.eu import vat
    from stdnum.no import mva

    value = (value or "").strip()
    if not value:
        return ""
    country = str(country).upper()
    try:
        if country == "NO":
            compact = mva.validate(value)
            return compact if compact.startswith("NO") else f"NO{compact}"
        compact = vat.validate(value if value[:2].isalpha() else f"{country}{value}")
    except StdnumError:
        compact = None
    if not compact or not compact.startswith(country):
        raise ValidationError(
            _("This is not a valid VAT number for %(country)s, e.g. %(example)s."),
            code="invalid_vat",
            params={"country": country, "example": VAT_EXAMPLES.get(country, "")},
        )
    return compact


VAT_EXAMPLES = {
    "SE": "SE556036079301",
    "DK": "DK13585628",
    "FI": "FI29765402",
    "LT": "LT100001919017",
    "NO": "NO923456783MVA",
}
