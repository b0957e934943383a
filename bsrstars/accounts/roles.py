"""Codes of the programme roles. The roles themselves are rows (Role), seeded by a migration;
these constants are how code names the ones its predicates check."""

from django.utils.translation import gettext_lazy as _

FACILITATOR = "facilitator"
COACH = "coach"
FACILITY_OPERATOR = "facility_operator"
REGIONAL_AUTHORITY = "regional_authority"
PARTNER = "partner"
PROGRAMME_ADMIN = "programme_admin"

# Labels for the known codes, so role names are translated; roles added by admins show their name.
LABELS = {
    FACILITATOR: _("Facilitator"),
    COACH: _("Coach"),
    FACILITY_OPERATOR: _("Facility operator"),
    REGIONAL_AUTHORITY: _("Regional authority"),
    PARTNER: _("Partner"),
    PROGRAMME_ADMIN: _("Programme admin"),
}

# Roles whose assignment names the region it covers.
REGION_SCOPED = {REGIONAL_AUTHORITY}
