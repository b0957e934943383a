"""NACE Rev.2: sections and the division ranges that belong to them (Regulation (EC) 1893/2006).

No maintained Python package carries this small table, so it is written out here. Codes are
accepted as "C10.89", "10.89", "10.8" or "10". An SME's code is stored without the section
letter (the section has a field of its own); lists of codes, as in a region's S3 priorities, keep
the canonical form with the letter ("C10", "M72.1"), so a save that changes nothing stores the same.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SECTIONS = {
    "A": ((1, 3), _("Agriculture, forestry and fishing")),
    "B": ((5, 9), _("Mining and quarrying")),
    "C": ((10, 33), _("Manufacturing")),
    "D": ((35, 35), _("Electricity, gas, steam and air conditioning supply")),
    "E": ((36, 39), _("Water supply; sewerage, waste management and remediation")),
    "F": ((41, 43), _("Construction")),
    "G": ((45, 47), _("Wholesale and retail trade; repair of motor vehicles")),
    "H": ((49, 53), _("Transportation and storage")),
    "I": ((55, 56), _("Accommodation and food service activities")),
    "J": ((58, 63), _("Information and communication")),
    "K": ((64, 66), _("Financial and insurance activities")),
    "L": ((68, 68), _("Real estate activities")),
    "M": ((69, 75), _("Professional, scientific and technical activities")),
    "N": ((77, 82), _("Administrative and support service activities")),
    "O": ((84, 84), _("Public administration and defence; compulsory social security")),
    "P": ((85, 85), _("Education")),
    "Q": ((86, 88), _("Human health and social work activities")),
    "R": ((90, 93), _("Arts, entertainment and recreation")),
    "S": ((94, 96), _("Other service activities")),
    "T": ((97, 98), _("Activities of households as employers")),
    "U": ((99, 99), _("Activities of extraterritorial organisations and bodies")),
}
# format_lazy, not an f-string: the name is put in when the list is shown, in the reader's language.
SECTION_CHOICES = [(letter, format_lazy("{} – {}", letter, name)) for letter, (_range, name) in SECTIONS.items()]

_CODE = re.compile(r"^(?P<section>[A-U])?\s*(?P<division>\d{2})(?:\.(?P<rest>\d{1,2}))?$")


def section_of_division(division: int) -> str | None:
    for letter, ((low, high), _name) in SECTIONS.items():
        if low <= division <= high:
            return letter
    return None


def normalise_nace(value: str) -> tuple[str, str]:
    """('10.89', 'C') for 'C10.89' or '10.89'; raises ValidationError naming the format."""
    match = _CODE.match((value or "").strip().upper())
    section = section_of_division(int(match["division"])) if match else None
    if not match or section is None or (match["section"] and match["section"] != section):
        raise ValidationError(
            _("Enter a NACE Rev.2 code such as C10.89 or 10.89 (division, group or class)."), code="invalid_nace"
        )
    code = match["division"] + (f".{match['rest']}" if match["rest"] else "")
    return code, section


def canonical_nace(value: str) -> str:
    """'C10.89' for 'C10.89', '10.89' or ' c10.89 '; raises ValidationError like normalise_nace."""
    code, section = normalise_nace(value)
    return section + code
