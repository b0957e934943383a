"""A person from a company signs up, confirms their email, registers the company and sees its profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bsrstars.accounts.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_and_register_company(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill("Sofia Berg")
    page.get_by_label("Email").fill("sofia@lund-enzymes.example")
    page.get_by_label("Password", exact=True).fill("a-Long-unusual-passphrase-42")
    page.get_by_label("Password (again)").fill("a-Long-unusual-passphrase-42")
    page.get_by_label("I have read and accept the privacy notice").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Confirm your email address").wait_for()

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Welcome, Sofia").wait_for()

    page.get_by_role("link", name="Register your company").click()
    page.get_by_label("Legal name").fill("Lund Enzymes AB")
    page.get_by_label("Country").select_option("SE")
    # Only Swedish regions are offered once Sweden is chosen. The filter is a script that binds on
    # DOMContentLoaded, so the assertion waits for it rather than counting at once (a count taken
    # before the script ran saw all five countries' groups).
    expect(page.locator("#id_region optgroup:not([hidden])")).to_have_count(1)
    page.get_by_label("Region").select_option("SE224")
    page.get_by_label("National business ID").fill("556036-0793")
    page.get_by_label("City").fill("Lund")
    page.get_by_label("NACE Rev.2 main activity").fill("C21.10")
    page.get_by_label("Industrial and health biotechnology").first.check()
    page.get_by_label("Employees (headcount)").fill("12")
    page.get_by_label("Annual turnover (EUR)").fill("1500000")
    page.get_by_label("Balance-sheet total (EUR)").fill("900000")
    page.get_by_label("Founding year").fill("2012")
    page.get_by_label("Short description").fill("Enzymes for food makers.")
    page.get_by_label("Contact person").fill("Sofia Berg")
    page.get_by_label("Contact email").fill("sofia@lund-enzymes.example")
    page.get_by_role("button", name="Register the company").click()

    page.get_by_role("heading", name="Lund Enzymes AB", level=1).wait_for()
    assert page.get_by_text("Small enterprise").count() == 1
    assert page.get_by_text("556036-0793").count() == 1
    organisation = Organisation.objects.get(business_id="5560360793")
    assert Membership.objects.get(organisation=organisation).user.email == "sofia@lund-enzymes.example"


def test_registering_an_existing_company_leads_to_a_join_request(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("sme2@example.org")
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    existing = Organisation.objects.get(name="Skåne Algae Solutions AB")
    page.goto("/smes/register/")
    page.get_by_label("Legal name").fill("Skane Algae")
    page.get_by_label("Country").select_option("SE")
    page.get_by_label("Region").select_option("SE224")
    page.get_by_label("National business ID").fill(existing.business_id_display)
    page.get_by_label("City").fill("Helsingborg")
    page.get_by_label("NACE Rev.2 main activity").fill("A03.22")
    page.get_by_label("Blue bio-economy").first.check()
    for label, value in [
        ("Employees (headcount)", "3"),
        ("Annual turnover (EUR)", "1"),
        ("Balance-sheet total (EUR)", "1"),
        ("Founding year", "2020"),
        ("Short description", "x"),
        ("Contact person", "x"),
        ("Contact email", "x@example.org"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Register the company").click()
    page.get_by_role("heading", name="Join Skåne Algae Solutions AB").wait_for()
    page.get_by_label("Message to the organisation's admins").fill("I moved to the Swedish branch.")
    page.get_by_role("button", name="Ask to join").click()
    page.wait_for_url("**/")
    assert existing.membership_requests.filter(user__email="sme2@example.org").count() == 1
