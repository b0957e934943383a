"""Each demo account logs in through the login form and sees its own landing page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# email -> (heading of the first role section, a link that must be there, a link that must not)
EXPECTED = {
    "admin@example.org": ("As Programme admin, you can", "Administration", None),
    "authority.skane@example.org": ("As Regional authority, you can", "KPI dashboard", "Administration"),
    "authority.vilnius@example.org": ("As Regional authority, you can", "KPI dashboard", "Administration"),
    "facilitator@example.org": ("As Facilitator, you can", "KPI dashboard", "Administration"),
    "coach@example.org": ("As Coach, you can", "Your coaching assignments", "KPI dashboard"),
    "operator@example.org": ("As Facility operator, you can", "Your test facilities", "KPI dashboard"),
    "partner@example.org": ("As Partner, you can", "KPI dashboard", "Administration"),
    "sme@example.org": ("As SME member, you can", "Skåne Algae Solutions AB", "KPI dashboard"),
    "sme2@example.org": ("As SME member, you can", "UAB Vilniaus biotechnologijos", "KPI dashboard"),
}


def test_every_demo_account_logs_in_and_sees_its_landing_page(page):
    for email, (heading, present, absent) in EXPECTED.items():
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill("demo-bsr-2026")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome"), email
        main = page.locator("main")
        if heading is None:  # roles with nothing of their own yet see the common section only
            assert main.get_by_role("heading", name="You can", exact=True).count() == 1, email
        else:
            assert main.get_by_role("heading", name=heading).count() == 1, email
        if present:
            assert main.get_by_role("link", name=present).count() >= 1, email
        if absent:
            assert page.get_by_role("link", name=absent).count() == 0, email
        # Keyboard users: the first Tab reaches the skip link, which targets <main>.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.get_by_role("button", name="Log out").click()
        page.get_by_role("link", name="Log in").first.wait_for()


def test_wrong_password_shows_an_error_on_the_form(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("sme@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").first.wait_for()
    assert "/accounts/login/" in page.url
