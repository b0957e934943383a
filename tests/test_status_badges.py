"""Status columns show a badge whose tone portal.css picks from the stored value (data-status)."""

import re

from django.conf import settings

from coaching.models import ApplicationStatus as CoachingStatus
from coaching.models import TaskStatus
from events.models import RegistrationStatus
from policy.models import VersionStatus
from testbeds.models import ApplicationStatus as FacilityStatus

STATUS_CHOICES = (RegistrationStatus, CoachingStatus, TaskStatus, FacilityStatus, VersionStatus)
BADGE_CELL = re.compile(
    r'<span class="badge( badge--wrap)?" data-status="\{\{ (\w+)\.status \}\}">'
    r"\{\{ \2\.get_status_display \}\}</span>"
)
STATUS_TEMPLATES = (
    "events/registrations.html",
    "coaching/review.html",
    "coaching/my_applications.html",
    "coaching/plan.html",
    "testbeds/_application_rows.html",
    "policy/versions.html",
)


def _css():
    return (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()


def test_every_toned_status_in_the_css_is_a_stored_status():
    toned = set(re.findall(r'\.badge\[data-status="([a-z_]+)"\]', _css()))
    stored = {value for choices in STATUS_CHOICES for value in choices.values}
    assert toned - stored == set()
    assert {"registered", "accepted", "waitlisted", "rejected", "submitted"} <= toned


def test_status_cells_carry_their_value_for_the_badge_tone():
    for name in STATUS_TEMPLATES:
        text = (settings.BASE_DIR / "templates" / name).read_text()
        cells = re.findall(r"<td>((?:(?!<td>).)*?get_status_display.*?)</td>", text)
        assert cells, name
        for cell in cells:
            assert BADGE_CELL.fullmatch(cell), (name, cell)
