"""A regional authority updates its region's S3 profile, sees the change in the history, and
reads the KPI dashboard."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_authority_edits_profile_and_views_dashboard(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("authority.skane@example.org")
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")

    page.get_by_role("link", name="Skåne län").first.click()
    page.get_by_role("link", name="Edit the S3 profile").click()
    first = page.locator("fieldset.subform").first
    first.get_by_label("Strength").select_option("4")
    page.get_by_role("button", name="Save the profile").click()
    page.get_by_text("The profile was saved.").wait_for()

    page.get_by_role("link", name="Profile history").click()
    page.get_by_text("Priority “Food and agri-food innovation”: strength 5 → 4").wait_for()

    page.get_by_role("link", name="KPI dashboard").first.click()
    page.get_by_role("heading", name="KPI dashboard", level=1).wait_for()
    briefs = page.locator("section", has=page.get_by_role("heading", name="Policy briefs published"))
    assert briefs.get_by_text("Not yet measured").count() == 0
    coaching = page.locator("section", has=page.get_by_role("heading", name="SMEs in transnational coaching"))
    assert coaching.get_by_text("Not yet measured").count() == 0
    registered = page.locator("section", has=page.get_by_role("heading", name="SMEs registered in the portal"))
    assert registered.locator("svg[role=img]").count() == 3
    for summary in registered.locator("summary").all():  # the tables are folded under each chart
        summary.click()
    assert registered.get_by_role("cell", name="Skåne län").count() == 1


def test_other_regions_profile_cannot_be_edited(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("authority.vilnius@example.org")
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    page.goto("/regions/SE224/")
    assert page.get_by_role("link", name="Edit the S3 profile").count() == 0
    response = page.goto("/regions/SE224/edit/")
    assert response.status == 403
