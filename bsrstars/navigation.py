"""What each person can do next: the header navigation and the landing page read this list.

Modules add entries in their AppConfig.ready(). An entry is shown only to people whose
permission check passes, so a link appears only where its page works for them.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts import roles
from bsrstars.accounts.rules import role_codes

SME_MEMBER = "sme_member"  # not a Role row: being a member of an SME organisation
EVERYONE = "everyone"

AUDIENCE_LABELS = {**roles.LABELS, SME_MEMBER: _("SME member")}


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    description: str
    permission: str
    audiences: frozenset[str] = field(default_factory=lambda: frozenset({EVERYONE}))
    in_nav: bool = False
    url_kwargs: dict | None = None

    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.url_kwargs)


_ENTRIES: list[Entry] = []


def add(entry: Entry) -> Entry:
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)
    return entry


def nav_entries(user) -> list[Entry]:
    return [e for e in _ENTRIES if e.in_nav and user.has_perm(e.permission)]


def audiences_of(user) -> list[str]:
    from bsrstars.accounts.rules import is_programme_admin, is_sme_member

    held = [code for code in roles.LABELS if code in role_codes(user)]
    if is_programme_admin(user) and roles.PROGRAMME_ADMIN not in held:
        held.append(roles.PROGRAMME_ADMIN)
    if is_sme_member(user):
        held.append(SME_MEMBER)
    return held


def landing_sections(user) -> list[tuple[str, list[Entry]]]:
    """[(heading, entries)]: a section for each role the person holds, then what everyone can do."""
    sections = []
    shown: set[Entry] = set()
    for audience in [*audiences_of(user), EVERYONE]:
        entries = [e for e in _ENTRIES if audience in e.audiences and e not in shown and user.has_perm(e.permission)]
        shown.update(entries)
        if not entries:
            continue
        if audience != EVERYONE:
            heading = format_lazy(_("As {role}, you can"), role=AUDIENCE_LABELS[audience])
        else:
            heading = _("You can also") if sections else _("You can")
        sections.append((heading, entries))
    return sections
