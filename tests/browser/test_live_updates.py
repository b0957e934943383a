"""Parts of a page that htmx updates in place tell screen-reader users what changed."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import report, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pdf_page_announces_when_the_pdf_is_ready(page, monkeypatch):
    from bsrstars.outbox import services as outbox
    from policy import services
    from policy.demo import PUBLISHED_TITLE
    from policy.models import BriefVersion

    monkeypatch.setattr(outbox, "send_now", lambda *args, **kwargs: False)  # the broker holds it
    version = BriefVersion.objects.filter(title=PUBLISHED_TITLE).order_by("-number").first()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("partner@example.org")
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    page.goto(f"/policy/{version.brief_id}/v{version.number}/pdf/")
    page.get_by_role("button", name="Make the PDF").click()
    page.get_by_text("waiting for a background worker").wait_for()

    announcer = page.locator("#live-announcer")
    assert (announcer.get_attribute("role"), announcer.get_attribute("aria-live")) == ("status", "polite")
    assert announcer.inner_text() == ""  # nothing changed yet since the page loaded

    services.render_rendition(rendition_id=version.renditions.filter(status="pending").get().pk)
    expect(announcer).to_have_text("The PDF is ready.", timeout=15000)
    found = violations(page, "the PDF page after the update")
    assert not found, report(found)
