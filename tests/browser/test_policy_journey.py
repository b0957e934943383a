"""A partner writes a brief, an authority reviews it, the partner resolves the comment, publishes,
makes the PDF and downloads it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_write_review_publish_render_download(page, browser, live_server, eager_tasks):
    _log_in(page, "partner@example.org")
    page.get_by_role("link", name="Write a policy brief").first.click()
    page.get_by_label("Title").fill("Algae pilots across borders")
    page.get_by_label("Summary").fill("Shared pilot plants for blue bio-economy SMEs.")
    page.get_by_label("Scope").select_option("eu")
    page.get_by_role("button", name="Create the brief").click()
    page.get_by_text("The brief was created.").wait_for()

    sections = page.locator("fieldset", has=page.get_by_role("heading", name="Sections"))
    sections.get_by_label("Heading").fill("Context")
    sections.get_by_label("Text (Markdown)").fill("Pilot plants for **algae** are scarce.")
    recommendations = page.locator("fieldset", has=page.get_by_role("heading", name="Recommendations"))
    recommendations.get_by_label("Recommendation").fill("Open pilot plants to SMEs from other regions.")
    recommendations.get_by_label("Level").select_option("regional")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The brief was saved.").wait_for()
    assert page.locator("strong", has_text="algae").count() == 1
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("The brief was sent for review.").wait_for()
    brief_url = page.url

    reviewer = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    _log_in(reviewer, "authority.skane@example.org")
    reviewer.goto(brief_url)
    reviewer.get_by_role("link", name="Review comments").click()
    reviewer.get_by_label("Comment on “Context”").fill("Which regions have pilot plants?")
    reviewer.get_by_role("button", name="Add the comment").first.click()
    reviewer.get_by_text("Your comment was added.").wait_for()
    reviewer.context.close()

    page.goto(brief_url)
    page.get_by_role("link", name="Review comments").click()
    page.get_by_text("Which regions have pilot plants?").wait_for()
    page.get_by_role("button", name="Mark as resolved").click()
    page.get_by_text("The comment is resolved.").wait_for()
    page.goto(brief_url)
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The brief was published").wait_for()

    page.get_by_role("link", name="PDF", exact=True).click()
    page.get_by_text("ready,").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download", exact=True).click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_pdf_page_follows_the_rendering_without_a_reload(page, monkeypatch):
    """No worker yet: the page says the PDF is waiting, then htmx shows it ready once it is made."""
    from bsrstars.outbox import services as outbox
    from policy import services
    from policy.demo import PUBLISHED_TITLE, _render_now
    from policy.models import BriefVersion

    monkeypatch.setattr(outbox, "send_now", lambda *args, **kwargs: False)  # the broker holds it
    version = BriefVersion.objects.filter(title=PUBLISHED_TITLE).order_by("-number").first()
    _render_now(version)  # the PDF seed_demo makes at once (the demo_data fixture leaves it to a worker)
    _log_in(page, "partner@example.org")
    page.goto(f"/policy/{version.brief_id}/v{version.number}/pdf/")
    page.get_by_role("button", name="Make the PDF").click()
    page.get_by_text("waiting for a background worker").wait_for()
    page.evaluate("window.stillTheSamePage = true")

    rendition = version.renditions.filter(status="pending").get()
    services.render_rendition(rendition_id=rendition.pk)  # what the worker would do

    downloads = page.get_by_role("link", name="Download", exact=True)
    downloads.nth(1).wait_for()  # the new PDF and the one made at seeding
    assert page.evaluate("window.stillTheSamePage === true")  # updated in place by htmx, no reload
    assert page.get_by_text("waiting for a background worker").count() == 0
