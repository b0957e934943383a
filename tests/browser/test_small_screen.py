"""Phone-sized screens (375 px wide): the main pages never scroll sideways, for the demo roles
that use them. Wide tables may scroll inside their own region, never the page.

With BSR_SCREENSHOTS=<dir>, each page is also saved as a PNG there (375 px and 1280 px wide)."""

import os
from pathlib import Path

import pytest

from events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375
UPCOMING = "Waste to Valuables: research–business matchmaking"

# email -> the pages that person uses ("{event}" is the demo's upcoming event)
PAGES = {
    "sme@example.org": ["/", "/smes/", "/events/", "/events/{event}/", "/coaching/", "/testbeds/"],
    "sme2@example.org": ["/"],
    "facilitator@example.org": ["/", "/events/", "/events/{event}/", "/regions/dashboard/"],
    "authority.skane@example.org": [
        "/",
        "/regions/dashboard/",
        "/regions/SE224/",
        "/regions/matrix/",
        "/regions/statistics/",
        "/regions/policy-learning/",
        "/policy/",
    ],
    "coach@example.org": ["/", "/coaching/"],
    "operator@example.org": ["/", "/testbeds/"],
    "partner@example.org": ["/", "/policy/"],
    "admin@example.org": ["/"],
}


def _log_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def _shot(page, name):
    folder = os.environ.get("BSR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_main_pages_do_not_scroll_sideways_at_375_px(page):
    event = Event.objects.get(title=UPCOMING).pk
    too_wide = []
    for email, paths in PAGES.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        _log_in(page, email)
        who = email.split("@")[0]
        _shot(page, f"home-{who}-desktop")
        page.set_viewport_size({"width": WIDTH, "height": 800})
        for path in paths:
            url = path.format(event=event)
            response = page.goto(url)
            assert response.status == 200, (email, url)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > WIDTH:
                too_wide.append((email, url, width))
            _shot(page, f"{who}{url.replace('/', '_')}-375")
    assert too_wide == []


def test_directory_filters_fold_above_the_list_on_a_phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    _log_in(page, "sme@example.org")
    page.goto("/smes/")
    filters = page.locator("details[data-fold-on-small]")
    assert filters.evaluate("d => d.open") is False
    table_top = page.locator("main table").first.bounding_box()["y"]
    assert filters.bounding_box()["y"] < table_top
    filters.locator("summary").click()
    assert page.get_by_role("button", name="Filter").is_visible()
