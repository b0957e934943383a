"""register → request → accept → schedule → agenda, as the people involved would click it."""

import pytest

from events.models import Event, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_register_request_accept_schedule_agenda(page, eager_tasks):
    event = Event.objects.get(title__startswith="Waste to Valuables")

    # The Skåne SME registers and asks the Vilnius SME for a meeting.
    _login(page, "sme@example.org")
    page.get_by_role("link", name="Events", exact=True).first.click()
    page.get_by_role("link", name=event.title).click()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are registered.").wait_for()
    page.get_by_role("link", name="Participants").click()
    page.locator("li", has_text="UAB Vilniaus biotechnologijos").get_by_text("Request a meeting").click()
    page.locator("li", has_text="UAB Vilniaus biotechnologijos").get_by_label("Message").fill("Algae proteins?")
    page.locator("li", has_text="UAB Vilniaus biotechnologijos").get_by_role("button", name="Send the request").click()
    page.get_by_text("Your request was sent").wait_for()

    # The Vilnius SME accepts it.
    _login(page, "sme2@example.org")
    page.goto(f"/events/{event.pk}/requests/")
    page.locator("li", has_text="Skåne Algae Solutions AB").get_by_role("button", name="Accept").click()
    page.locator("li", has_text="Skåne Algae Solutions AB").get_by_text("Accepted").wait_for()

    # The facilitator runs the scheduler and publishes.
    _login(page, "facilitator@example.org")
    page.goto(f"/events/{event.pk}/schedule/")
    page.get_by_role("button", name="Run the scheduler (locked meetings stay)").click()
    page.get_by_text("meetings scheduled of").first.wait_for()
    assert Meeting.objects.filter(session__event=event).count() == 3  # the two demo pairs and the new one
    page.get_by_role("button", name="Publish the schedule").click()
    page.get_by_text("The schedule was published").wait_for()

    # The Skåne SME finds the meeting on its agenda, in Vilnius time, and can add it to a calendar.
    _login(page, "sme@example.org")
    page.goto(f"/events/{event.pk}/agenda/")
    page.get_by_role("row", name="UAB Vilniaus biotechnologijos").wait_for()
    assert page.get_by_role("link", name="Add to your calendar (.ics)").count() == 1
