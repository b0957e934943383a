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
    steps = page.get_by_role("navigation", name="Your matchmaking, step by step")
    assert steps.locator('[aria-current="step"]').inner_text().startswith("Your cooperation profile")
    page.get_by_role("link", name="Participants").click()
    page.locator("li", has_text="UAB Vilniaus biotechnologijos").get_by_role("link", name="Request a meeting").click()
    page.get_by_role("heading", name="Request a meeting with").wait_for()
    page.get_by_label("Message").fill("Algae proteins?")
    page.get_by_role("button", name="Send the request").click()
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
    # The grid's cells are links; the meeting's own page holds the one form that locks or moves it.
    page.get_by_role("region", name="Meeting grid: slots by tables").get_by_role(
        "link", name="Skåne Algae Solutions AB"
    ).click()
    page.get_by_role("button", name="Lock where it is").click()
    page.get_by_text("The meeting was locked.").wait_for()
    assert Meeting.objects.get(session__event=event, request__sender__person__email="sme@example.org").locked
    page.get_by_role("button", name="Publish the schedule").click()
    page.get_by_text("The schedule was published").wait_for()

    # The Skåne SME finds the meeting on its agenda, in Vilnius time, and can add it to a calendar.
    _login(page, "sme@example.org")
    page.goto(f"/events/{event.pk}/agenda/")
    page.get_by_role("row", name="UAB Vilniaus biotechnologijos").wait_for()
    assert page.get_by_role("link", name="Add to your calendar (.ics)").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Printable agenda (PDF)").click()
    assert download.value.suggested_filename == f"agenda-{event.pk}.pdf"


def test_six_months_on_the_sme_tells_what_came_of_its_meetings(page):
    from events.models import FollowUpSurvey

    _login(page, "sme@example.org")
    event = Event.objects.get(title__startswith="Bio-based packaging brokerage")
    page.goto(f"/events/{event.pk}/")
    page.get_by_role("link", name="What came of your meetings?").click()
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("Please correct the errors below.").wait_for()
    groups = page.get_by_role("group").filter(has_text="Your meeting with")
    assert groups.count() == 2  # the two meetings that took place (the fourth participant was absent)
    groups.nth(0).get_by_label("We cooperate").check()
    groups.nth(1).get_by_label("Still in contact").check()
    page.get_by_label("Anything else to tell the organisers?").fill("A joint pilot is being planned.")
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("Thank you: your answers were saved.").wait_for()
    survey = FollowUpSurvey.objects.get(registration__event=event, registration__person__email="sme@example.org")
    assert sorted(survey.answers.values_list("result", flat=True)) == ["cooperation", "in_contact"]
