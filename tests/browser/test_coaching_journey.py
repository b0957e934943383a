"""apply → accept → assign → log a session → the SME confirms, as the people involved click it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Application, CoachingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-bsr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_apply_accept_assign_log_confirm(page):
    # A Tampere company applies to the open call.
    _login(page, "participant4@example.org")
    page.get_by_role("link", name="Coaching", exact=True).first.click()
    page.get_by_role("link", name="Transnational coaching 2027: bio-based and circular growth").click()
    page.get_by_role("link", name="Apply").click()
    page.get_by_label("The challenge you want coaching on").fill("Robotic sorting: entering the Swedish market.")
    page.get_by_label("Expertise wanted from a coach").fill("Sales in Sweden; a financing plan.")
    page.get_by_label("English").check()
    page.get_by_label("Waste to value").check()
    for need in ("Innovation strategy", "Market access", "Financing", "Partnerships", "Digitalisation"):
        page.get_by_label(re.compile(f"^{need}")).select_option("4")  # the label ends "(optional)"
    page.get_by_label("Sustainability and circularity").select_option("3")
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application was submitted.").wait_for()
    application = Application.objects.get(
        organisation__name="Tampere Circular Robotics Oy", call__title__contains="2027"
    )

    # The facilitator screens and accepts it, then assigns the best-ranked coach.
    _login(page, "facilitator@example.org")
    page.goto(f"/coaching/applications/{application.pk}/")
    for decision, reason in (("In screening", "Complete."), ("Accepted", "Strong fit.")):
        page.get_by_label("Decision", exact=True).select_option(label=decision)
        page.get_by_label("Reason", exact=True).fill(reason)
        page.get_by_role("button", name="Record the decision").click()
        page.get_by_text("The decision was recorded.").wait_for()
    page.get_by_role("row", name="Strong fit.").wait_for()  # the audit trail
    page.get_by_role("link", name="Suggested coaches").click()
    page.get_by_role("button", name="Assign").first.click()
    page.get_by_text("is now the coach.").wait_for()
    application.refresh_from_db()
    coach = application.assignment.coach.user

    # The coach logs a session held yesterday, with a private note.
    _login(page, coach.email)
    page.goto(f"/coaching/coachings/{application.assignment.pk}/sessions/")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page.get_by_label("Date", exact=True).fill(yesterday)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Online").check()
    page.get_by_label("Summary (the company sees it)").fill("Needs audit and goals.")
    page.get_by_label("Private notes").fill("Keep an eye on cash flow.")
    page.get_by_role("button", name="Log the session").click()
    page.get_by_text("The session was logged").wait_for()

    # The company confirms it; the private note is not on its page.
    _login(page, "participant4@example.org")
    page.goto(f"/coaching/coachings/{application.assignment.pk}/sessions/")
    assert page.get_by_text("Keep an eye on cash flow.").count() == 0
    page.get_by_role("button", name="Confirm the session").click()
    page.get_by_text("The session was confirmed.").wait_for()
    session = CoachingSession.objects.get(assignment__application=application)
    assert (session.status, session.duration_minutes) == ("confirmed", 90)
