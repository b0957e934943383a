"""The programme roles as seeded by migration 0002 (and reloaded by tests after a flush)."""

ROLES = [
    ("facilitator", "Facilitator", "Creates and runs matchmaking events."),
    ("coach", "Coach", "Works with assigned SMEs in transnational coaching."),
    ("facility_operator", "Facility operator", "Keeps test facilities and reviews access applications."),
    ("regional_authority", "Regional authority", "Keeps the region's specialisation profile and tracks KPIs."),
    ("partner", "Partner", "Project partner: co-authors policy briefs, sees programme reports."),
    ("programme_admin", "Programme admin", "Runs the portal."),
]


def load_roles(Role) -> int:
    for code, name, description in ROLES:
        Role.objects.get_or_create(code=code, defaults={"name": name, "description": description})
    return len(ROLES)
