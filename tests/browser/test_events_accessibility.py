"""axe finds no violations on the events pages each role uses: the schedule with an empty grid
and with meetings, a meeting's page, check-in, registrations, the list with 'Your events', the
step indicator, suggestions, the request form, and a past event."""

import pytest

from events import schedule
from events.models import Event, Meeting, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def _violations(page, urls) -> list:
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for url in urls:
        page.goto(url)
        for v in Axe().run(page).response["violations"]:
            found.append((url, v["id"], [n["html"][:120] for n in v["nodes"][:3]]))
    return found


def test_events_pages_pass_axe(page):
    event = Event.objects.get(title__startswith="Waste to Valuables")
    past = Event.objects.get(title__startswith="Bio-based packaging")
    _login(page, "facilitator@example.org")
    found = _violations(
        page,
        [
            f"/events/{event.pk}/schedule/",  # the session has no meetings yet: an empty grid
            f"/events/{event.pk}/check-in/",
            f"/events/{event.pk}/registrations/",
            f"/events/{past.pk}/",
        ],
    )
    schedule.run_now(session=event.sessions.get())
    meeting = Meeting.objects.filter(session__event=event).first()
    found += _violations(page, [f"/events/{event.pk}/schedule/", f"/events/{event.pk}/schedule/meetings/{meeting.pk}/"])
    _login(page, "sme2@example.org")
    other = Registration.objects.filter(event=event).exclude(person__email="sme2@example.org").first()
    found += _violations(
        page,
        [
            "/events/",
            f"/events/{event.pk}/",
            f"/events/{event.pk}/recommendations/",
            f"/events/{event.pk}/requests/new/{other.pk}/",
        ],
    )
    _login(page, "sme@example.org")
    found += _violations(page, ["/events/", f"/events/{past.pk}/"])
    assert found == []
