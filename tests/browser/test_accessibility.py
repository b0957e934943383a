"""The accessibility gate: axe-core (WCAG 2.0/2.1, A and AA) on every page each demo account
reaches from its home page and the navigation, following links a few steps on (so every form a
role is offered is checked too), plus the pages of the main journeys, in English and in Finnish.
Each view is checked once, by the first account that reaches it (the directory's 40 companies
share a template); every account's home page is checked. Downloads and logging out are not
followed. Any violation fails, listed by page, rule and elements."""

import os
import time
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from bsrstars.accounts.models import User
from tests.browser.axe import install, report, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = [
    None,  # a visitor who has not signed in
    "admin@example.org",
    "authority.skane@example.org",
    "facilitator@example.org",
    "coach@example.org",
    "operator@example.org",
    "partner@example.org",
    "sme@example.org",
    "sme2@example.org",
    "johan.nilsson@example.org",  # signed in, no role yet
]
LANGUAGES = ["en", "fi"]
DEPTH = int(os.environ.get("BSR_AXE_DEPTH", "3"))  # home page → navigation and home links → two more steps

# Not pages for people, or not ours to check page by page.
SKIPPED_VIEWS = {
    "account_logout",  # would end the session being crawled
    "healthz",  # JSON for probes; /status/ is the page for people
    "api-schema",  # the OpenAPI document (YAML), read by the docs page
    "set_language",  # POST only
}
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/v1/")
# Django's admin: its index is checked; the model pages are Django's own (see the statement).
ADMIN_CHECKED = {"admin:index"}
LOG = open(os.environ["BSR_AXE_LOG"], "a") if os.environ.get("BSR_AXE_LOG") else None  # noqa: SIM115
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".pdf", ".ics", ".json", ".zip", ".txt", ".xml", ".yaml")


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _followable(url: str, origin: str) -> str | None:
    """The path (with query) to visit for a link, or None when the link is not followed."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.scheme not in ("http", "https"):
        return None
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(DOWNLOAD_SUFFIXES):
        return None
    if any(word in path for word in ("/export", "/download")) or "format=" in parts.query:
        return None
    name = _view_name(path)
    if name is None or name in SKIPPED_VIEWS:
        return None
    if name.startswith("admin:") and name not in ADMIN_CHECKED:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _sign_in(context, email, base_url):
    context.clear_cookies()
    if email is None:
        return
    client = Client()
    client.force_login(User.objects.get(email=email))
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def _links(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.filter(e => !e.closest('[hidden]')).map(e => e.href.split('#')[0])"
    )


def _journeys() -> dict[str | None, list[str]]:
    """Pages of the main journeys, crawled on from as the account that takes the journey (a view
    another account reached first may show this one other links: register, request a meeting,
    answer, schedule, report, review)."""
    from django.urls import reverse

    from events.models import Event

    events = [
        reverse("events:detail", args=[pk]) for pk in Event.objects.order_by("start").values_list("pk", flat=True)
    ]
    return {
        "sme@example.org": [
            *events,
            reverse("coaching:my_applications"),
            reverse("testbeds:my_applications"),
            reverse("policy:public_list"),
        ],
        "sme2@example.org": [*events, reverse("coaching:my_applications"), reverse("testbeds:my_applications")],
        "facilitator@example.org": events,
        "coach@example.org": [reverse("coaching:my_assignments")],
        "operator@example.org": [reverse("testbeds:operator")],
        "partner@example.org": [reverse("policy:list")],
        "authority.skane@example.org": [reverse("policy:list")],
    }


def _crawl(page, email, language, origin, checked, found, stats, seeds):
    """Breadth first from the account's home page (checked for every account: it differs by
    role) and its journey pages. Any other view is checked once, by the first account that
    reaches it, and then not visited again except as a journey page."""
    _sign_in(page.context, email, origin)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": origin}])
    queue = deque([("/", 0, True)] + [(seed, 1, True) for seed in seeds])
    queued = {"/", *seeds}
    who = email or "visitor"
    while queue:
        path, depth, forced = queue.popleft()
        name = _view_name(urlsplit(path).path)
        new_view = name not in checked
        if not (new_view or forced):
            continue
        try:
            response = page.goto(path)
        except Exception as exc:  # noqa: BLE001 -- a link that starts a download is not a page
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        label = f"{path} as {who} [{language}]"
        if response.status >= 400:
            found.append(f"{label}: HTTP {response.status} for a link the portal shows")
            continue
        if new_view or depth == 0:
            checked.add(name)
            stats["pages"] += 1
            lang = page.get_attribute("html", "lang")
            new = [] if lang == language else [f"{label}: <html lang={lang!r}>, expected {language!r}"]
            new += [str(v) for v in violations(page, label)]
            found.extend(new)
            if LOG:
                LOG.write(f"{time.monotonic() - stats['started']:.1f} {label}\n" + "".join(f"  !! {x}\n" for x in new))
                LOG.flush()
        if depth < DEPTH:
            for url in _links(page):
                target = _followable(url, origin)
                if target and target not in queued:
                    queued.add(target)
                    queue.append((target, depth + 1, False))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_each_role_reaches_passes_axe(page, live_server, language):
    origin = live_server.url
    install(page.context)
    User.objects.update(language=language)
    journeys = _journeys()
    found: list[str] = []
    started = time.monotonic()
    stats = {"pages": 0, "started": started}
    checked: set = set()
    for email in ACCOUNTS:
        _crawl(page, email, language, origin, checked, found, stats, journeys.get(email, []))
    print(f"axe checked {stats['pages']} pages [{language}] in {time.monotonic() - started:.0f} s")  # noqa: T201
    assert stats["pages"] > 50  # the crawl reached the portal, not just the login page
    assert not found, report_lines(found)


def report_lines(found):
    return f"{len(found)} problem(s):\n" + "\n".join(f"  {line}" for line in found)


def _sign_in_page(page, live_server, email):
    _sign_in(page.context, email, live_server.url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_documentation_passes_axe_with_an_operation_open(page, live_server, language):
    User.objects.filter(email="partner@example.org").update(language=language)
    _sign_in_page(page, live_server, "partner@example.org")
    page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.get_attribute("html", "lang") == language
    assert page.title()
    found = violations(page, f"/api/docs/ [{language}]")
    # An operation opened, as a reader would: its parameters and responses are checked too.
    page.locator(".opblock-summary-control").first.click()
    page.locator(".opblock-body").first.wait_for()
    found += violations(page, f"/api/docs/ with an operation open [{language}]")
    assert not found, report(found)
