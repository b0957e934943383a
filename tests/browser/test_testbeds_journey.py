"""apply → operator review → voucher approved → booking in the calendar and on the company page,
as the people involved would click it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bsrstars.accounts.models import Organisation
from testbeds.models import AccessApplication, Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_apply_review_approve_and_see_the_booking(page, eager_tasks):
    today = timezone.localdate()
    day = today + timedelta(days=25)

    # The Skåne SME finds the Norwegian marine lab in the catalogue and applies.
    _login(page, "sme@example.org")
    page.get_by_role("link", name="Test facilities", exact=True).first.click()
    page.get_by_label("Search").fill("kelp")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Seaweed and side-stream extraction").click()
    page.get_by_role("link", name="Apply for access").click()
    page.get_by_label("Project description").fill("Extract fucoidan from our cultivated kelp.")
    page.get_by_label("Expected results").fill("Yield and purity at 200 L.")
    page.get_by_label("Desired period from").fill(day.isoformat())
    page.get_by_label("Desired period until").fill((day + timedelta(days=10)).isoformat())
    page.get_by_label("Duration (days)").fill("2")
    page.get_by_label("Requested voucher (EUR)").fill("2000")
    page.get_by_label("De minimis declaration").check()
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application was submitted").wait_for()
    application = AccessApplication.objects.get(project_description__startswith="Extract fucoidan")

    # The facility's operator finds it to review, and proposes dates and a price.
    _login(page, "operator@example.org")
    page.goto("/testbeds/operator/")
    page.get_by_role("link", name="Skåne Algae Solutions AB").first.click()
    page.get_by_role("link", name="Review the application").click()
    page.get_by_label("Yes: propose dates and a price").check()
    page.get_by_label("Proposed start").fill(f"{day.isoformat()}T09:00")
    page.get_by_label("Proposed end").fill(f"{(day + timedelta(days=1)).isoformat()}T17:00")
    page.get_by_label("Price of the access (EUR)").fill("3000")
    page.get_by_role("button", name="Save the review").click()
    page.get_by_text("Your review was saved").wait_for()

    # The programme approves the voucher: the unit is booked.
    _login(page, "admin@example.org")
    page.goto("/testbeds/decisions/")
    page.get_by_role("link", name="Skåne Algae Solutions AB").click()
    page.get_by_role("link", name="Decide on the voucher").click()
    page.get_by_label("Approve and book").check()
    page.get_by_label("Voucher amount (EUR)").fill("2000")
    page.get_by_role("button", name="Save the decision").click()
    page.get_by_text("The decision was saved").wait_for()
    assert Booking.objects.filter(application=application, status="active").count() == 1

    # The SME sees the booking in the unit's calendar and on its company page.
    _login(page, "sme@example.org")
    page.goto(f"/testbeds/applications/{application.pk}/")
    page.get_by_text("Voucher granted: booked").first.wait_for()
    page.get_by_role("link", name="in the calendar").click()
    page.get_by_role("row", name=day.strftime("%a %-d %b")).get_by_text("Booked").wait_for()
    company = Organisation.objects.get(name="Skåne Algae Solutions AB")
    page.goto(f"/smes/{company.pk}/")
    section = page.get_by_role("region", name="Test-facility access")
    section.get_by_text("Booked: Seaweed and side-stream extraction").wait_for()
