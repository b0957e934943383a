"""Coaching workflow through its services: eligibility, review with audit trail and places,
withdrawal and the waiting list, coach assignment, the hours ledger, disputes and closing."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bsrstars.notifications.models import Notification
from coaching import services
from coaching.models import Application, CoachingSession, FollowUp, Outcome, StatusChange
from tests.coaching import factories as f

pytestmark = pytest.mark.django_db


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


# --- eligibility -----------------------------------------------------------------------------


def test_an_eligible_company_saves_a_draft_then_submits_it_and_both_sides_are_told():
    call = f.call()
    member, org = f.sme_member()
    draft = services.save_draft(call=call, organisation=org, by=member, challenge="Half-written")
    assert draft.status == "draft"
    app = draft
    services.save_draft(call=call, organisation=org, by=member, application=app, **{**f.COMPLETE, "domains": []})
    with pytest.raises(ValidationError) as exc:
        services.submit_application(application=app, by=member)
    assert "domains" in _errors(exc)
    from regions.models import S3Domain

    services.save_draft(
        call=call, organisation=org, by=member, application=app, domains=list(S3Domain.objects.filter(code="BIO.FOOD"))
    )
    app = services.submit_application(application=app, by=member)
    assert app.status == "submitted" and app.submitted_at is not None
    assert set(Notification.objects.filter(kind="coaching_submitted").values_list("recipient", flat=True)) == {
        member.pk,
        call.created_by_id,
    }
    assert list(app.status_changes.values_list("from_status", "to_status")) == [("draft", "submitted")]


def test_applying_to_a_closed_call_is_refused():
    call = f.call(open_now=False)
    member, org = f.sme_member()
    with pytest.raises(ValidationError, match="not open"):
        services.save_draft(call=call, organisation=org, by=member, challenge="x")
    assert not Application.objects.exists()


def test_a_large_company_is_not_eligible():
    call = f.call()
    member, org = f.sme_member(employees=900, turnover=90_000_000, balance=80_000_000)
    with pytest.raises(ValidationError, match="EU SME definition"):
        services.save_draft(call=call, organisation=org, by=member, challenge="x")
    assert not Application.objects.exists()


def test_a_company_outside_the_baltic_sea_region_is_not_eligible():
    from bsrstars.accounts.models import Organisation

    call = f.call()
    member, org = f.sme_member()
    Organisation.objects.filter(pk=org.pk).update(country="FR")
    org.refresh_from_db()
    with pytest.raises(ValidationError, match="Baltic Sea Region"):
        services.save_draft(call=call, organisation=org, by=member, challenge="x")


def test_one_application_per_company_per_call():
    call = f.call()
    member, org = f.sme_member()
    f.application(call, member=member, organisation=org)
    with pytest.raises(ValidationError, match="applied to this call already"):
        services.save_draft(call=call, organisation=org, by=member, challenge="Again")
    assert Application.objects.filter(call=call, organisation=org).count() == 1


def test_the_database_refuses_a_second_application_too():
    app = f.application()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=app.call, organisation=app.organisation, created_by=app.created_by)


def test_only_members_apply_for_their_company():
    call = f.call()
    _member, org = f.sme_member()
    stranger, _other = f.sme_member()
    with pytest.raises(ValidationError, match="belong to"):
        services.save_draft(call=call, organisation=org, by=stranger, challenge="x")


def test_a_submitted_application_cannot_be_changed_or_submitted_again():
    app = f.application()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.save_draft(
            call=app.call, organisation=app.organisation, by=app.created_by, application=app, challenge="y"
        )
    with pytest.raises(ValidationError, match="submitted already"):
        services.submit_application(application=app, by=app.created_by)


def test_scores_outside_1_to_5_are_field_errors_and_the_database_refuses_them():
    call = f.call()
    member, org = f.sme_member()
    with pytest.raises(ValidationError) as exc:
        services.save_draft(call=call, organisation=org, by=member, need_financing=7)
    assert "need_financing" in _errors(exc)
    app = services.save_draft(call=call, organisation=org, by=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(need_financing=0)


# --- review ----------------------------------------------------------------------------------


def test_review_steps_keep_an_audit_trail_with_who_when_and_why():
    app = f.application()
    reviewer = app.call.created_by
    services.decide(application=app, by=reviewer, to_status="screening", reason="Complete.")
    services.decide(application=app, by=reviewer, to_status="waitlisted", reason="Strong, but places are few.")
    trail = list(
        StatusChange.objects.filter(application=app).values_list("actor", "from_status", "to_status", "reason")
    )
    assert trail == [
        (app.created_by_id, "draft", "submitted", ""),
        (reviewer.pk, "submitted", "screening", "Complete."),
        (reviewer.pk, "screening", "waitlisted", "Strong, but places are few."),
    ]
    told = Notification.objects.filter(kind="coaching_decision").order_by("pk")
    assert [(n.recipient_id, n.payload["status"], n.payload["reason"]) for n in told] == [
        (app.created_by_id, "screening", "Complete."),
        (app.created_by_id, "waitlisted", "Strong, but places are few."),
    ]


def test_a_decision_needs_a_reason_and_an_allowed_step():
    app = f.application()
    with pytest.raises(ValidationError) as exc:
        services.decide(application=app, by=app.call.created_by, to_status="screening", reason=" ")
    assert "reason" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.decide(application=app, by=app.call.created_by, to_status="accepted", reason="Skip screening")
    assert "to_status" in _errors(exc)
    app.refresh_from_db()
    assert app.status == "submitted"


def test_accepting_stops_at_the_calls_places():
    call = f.call(places=1)
    f.accepted(call)
    second = f.application(call)
    services.decide(application=second, by=call.created_by, to_status="screening", reason="ok")
    with pytest.raises(ValidationError, match="All 1 places of the call are taken"):
        services.decide(application=second, by=call.created_by, to_status="accepted", reason="ok")
    second.refresh_from_db()
    assert second.status == "screening"


def test_accepting_stops_at_a_regions_places_but_other_regions_still_fit():
    call = f.call(places=5, region_places={"SE224": 1})
    f.accepted(call)
    skane = f.application(call)
    services.decide(application=skane, by=call.created_by, to_status="screening", reason="ok")
    with pytest.raises(ValidationError, match="places for Skåne"):
        services.decide(application=skane, by=call.created_by, to_status="accepted", reason="ok")
    member, org = f.sme_member(country="LT", region="LT011")
    vilnius = f.accepted(call, member=member, organisation=org)
    assert vilnius.status == "accepted"


def test_withdrawal_frees_the_place_for_the_first_waiting_listed_applicant():
    call = f.call(places=1)
    first = f.accepted(call)
    waiting = []
    for _ in range(2):
        app = f.application(call)
        services.decide(application=app, by=call.created_by, to_status="screening", reason="ok")
        services.decide(application=app, by=call.created_by, to_status="waitlisted", reason="Full.")
        waiting.append(app)
    services.withdraw(application=first, by=first.created_by, reason="Changed plans")
    statuses = [Application.objects.get(pk=a.pk).status for a in (first, *waiting)]
    assert statuses == ["withdrawn", "accepted", "waitlisted"]
    change = StatusChange.objects.filter(application=waiting[0]).last()
    assert (change.actor, change.to_status, change.reason) == (None, "accepted", "A place freed up.")
    told = Notification.objects.filter(kind="coaching_decision", recipient=waiting[0].created_by).order_by("pk")
    assert [n.payload["status"] for n in told] == ["screening", "waitlisted", "accepted"]


def test_a_draft_is_not_withdrawn_and_stays_a_draft():
    draft = f.application(submit=False)
    with pytest.raises(ValidationError, match="never submitted"):
        services.withdraw(application=draft, by=draft.created_by)
    draft.refresh_from_db()
    assert (draft.status, draft.status_changes.count()) == ("draft", 0)


# --- coach assignment ------------------------------------------------------------------------


def test_assigning_a_coach_from_another_country_is_transnational_and_notifies_both():
    app = f.accepted()
    coach = f.coach("DK")
    assignment = services.assign_coach(application=app, coach=coach, by=app.call.created_by)
    assert assignment.transnational is True
    assert assignment.allowance_minutes == 20 * 60
    recipients = set(Notification.objects.filter(kind="coaching_assignment").values_list("recipient", flat=True))
    assert recipients == {coach.user_id, app.created_by_id}


def test_a_same_country_coach_is_allowed_but_not_transnational():
    assignment = f.assignment(coach_profile=f.coach("SE"))
    assert assignment.transnational is False


def test_a_coach_without_capacity_cannot_be_assigned():
    coach = f.coach(smes=1)
    f.assignment(coach_profile=coach)
    app = f.accepted()
    with pytest.raises(ValidationError) as exc:
        services.assign_coach(application=app, coach=coach, by=app.call.created_by)
    assert "coach" in _errors(exc)


def test_only_accepted_applications_get_a_coach():
    app = f.application()
    with pytest.raises(ValidationError, match="accepted"):
        services.assign_coach(application=app, coach=f.coach(), by=app.call.created_by)


# --- sessions and the ledger -----------------------------------------------------------------


def test_a_session_is_logged_in_the_smes_time_zone_and_the_sme_is_asked_to_confirm():
    a = f.assignment()  # a Skåne company: Europe/Stockholm
    s = f.session(a, hour=10, minutes=90)
    local = timezone.localtime(s.start, services.zone_of_country("SE"))
    assert (local.hour, local.minute, s.duration_minutes) == (10, 0, 90)
    assert s.end - s.start == timedelta(minutes=90)
    assert Notification.objects.filter(kind="coaching_session", recipient=a.application.created_by).count() == 1


@pytest.mark.parametrize(("minutes", "field"), [(0, "duration_minutes"), (-30, "duration_minutes")])
def test_a_session_without_duration_is_a_field_error(minutes, field):
    a = f.assignment()
    with pytest.raises(ValidationError) as exc:
        f.session(a, minutes=minutes)
    assert field in _errors(exc)
    assert not CoachingSession.objects.exists()


def test_a_session_in_the_future_is_refused():
    a = f.assignment()
    with pytest.raises(ValidationError) as exc:
        f.session(a, days_ago=-1)
    assert "day" in _errors(exc)


def test_a_session_overlapping_another_of_the_same_coach_is_refused_even_for_another_sme():
    coach = f.coach()
    a, b = f.assignment(coach_profile=coach), f.assignment(coach_profile=coach)
    f.session(a, hour=10, minutes=60)
    with pytest.raises(ValidationError) as exc:
        f.session(b, hour=10, minutes=30)
    assert "start_time" in _errors(exc)
    f.session(b, hour=11, minutes=30)  # back to back is fine
    assert CoachingSession.objects.count() == 2


def test_a_coach_cannot_log_for_an_sme_not_assigned_to_them():
    a = f.assignment()
    other = f.coach()
    with pytest.raises(ValidationError, match="assigned to you"):
        services.log_session(
            assignment=a,
            by=other.user,
            day=timezone.now().date() - timedelta(days=1),
            start_time=time(9),
            duration_minutes=60,
            mode="online",
            summary="x",
        )
    assert not CoachingSession.objects.exists()


def test_a_session_beyond_the_allowance_is_refused_until_a_facilitator_raises_it():
    a = f.assignment(f.call(hours=2))
    f.session(a, days_ago=3, minutes=90)
    with pytest.raises(ValidationError) as exc:
        f.session(a, days_ago=2, minutes=60)
    assert "exceed the allowance" in _errors(exc)["duration_minutes"][0]
    with pytest.raises(ValidationError) as exc:
        services.raise_allowance(assignment=a, by=a.assigned_by, hours=1, reason="")
    assert "reason" in _errors(exc)
    services.raise_allowance(assignment=a, by=a.assigned_by, hours=1, reason="Extra session on financing.")
    f.session(a, days_ago=2, minutes=60)
    a.refresh_from_db()
    assert (a.allowance_minutes, services.used_minutes(a)) == (180, 150)
    assert list(a.raises.values_list("minutes", "reason")) == [(60, "Extra session on financing.")]


def test_a_disputed_session_does_not_count_until_resolved():
    a = f.assignment(f.call(hours=2))
    s = f.session(a, days_ago=3, minutes=120)
    member = a.application.created_by
    services.dispute_session(session=s, by=member, reason="We only met for an hour.")
    assert services.used_minutes(a) == 0
    assert Notification.objects.filter(kind="coaching_dispute", recipient=a.coach.user).count() == 1
    f.session(a, days_ago=2, minutes=60)  # fits now
    with pytest.raises(ValidationError) as exc:
        services.resolve_dispute(session=s, by=a.assigned_by, counts=True, resolution="Coach's log is right.")
    assert "exceed the allowance" in _errors(exc)["resolution"][0]
    services.resolve_dispute(session=s, by=a.assigned_by, counts=False, resolution="Voided; relog the hour.")
    s.refresh_from_db()
    assert s.status == "voided" and services.used_minutes(a) == 60


def test_only_the_companys_members_confirm_and_a_dispute_needs_a_reason():
    a = f.assignment()
    s = f.session(a)
    with pytest.raises(ValidationError, match="company's members"):
        services.confirm_session(session=s, by=a.coach.user)
    with pytest.raises(ValidationError) as exc:
        services.dispute_session(session=s, by=a.application.created_by, reason="")
    assert "reason" in _errors(exc)
    services.confirm_session(session=s, by=a.application.created_by)
    s.refresh_from_db()
    assert s.status == "confirmed"


def test_the_database_refuses_a_session_without_duration():
    a = f.assignment()
    s = f.session(a)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingSession.objects.filter(pk=s.pk).update(duration_minutes=0)


# --- closing, outcomes, follow-ups -----------------------------------------------------------


def test_closing_feedback_and_structured_outcomes():
    a = f.assignment()
    member = a.application.created_by
    with pytest.raises(ValidationError, match="closed"):
        services.give_feedback(assignment=a, by=member, satisfaction=5, usefulness=4)
    services.close_coaching(assignment=a, by=a.coach.user, report="Market plan done; EIC application drafted.")
    services.give_feedback(assignment=a, by=member, satisfaction=5, usefulness=4, comments="Very useful")
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(assignment=a, by=member, kind="financing")
    assert "programme" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(assignment=a, by=member, kind="new_market")
    assert "country" in _errors(exc)
    services.record_outcome(
        assignment=a, by=member, kind="financing", programme="EIC Accelerator", amount_eur=2_500_000
    )
    services.record_outcome(assignment=a, by=member, kind="new_market", country="DK")
    assert sorted(Outcome.objects.values_list("kind", "programme", "country")) == [
        ("financing", "EIC Accelerator", ""),
        ("new_market", "", "DK"),
    ]
    assert a.feedback.satisfaction == 5


def test_follow_up_scan_asks_at_three_and_six_months_once_each():
    a = f.assignment()
    services.close_coaching(assignment=a, by=a.coach.user, report="Done.")
    closed = type(a).objects.get(pk=a.pk).closed_at
    assert services.send_follow_ups(now=closed + timedelta(days=30)) == 0
    assert services.send_follow_ups(now=closed + timedelta(days=95)) == 1
    assert services.send_follow_ups(now=closed + timedelta(days=96)) == 0
    assert services.send_follow_ups(now=closed + timedelta(days=190)) == 1
    assert services.send_follow_ups(now=closed + timedelta(days=400)) == 0
    assert list(FollowUp.objects.filter(assignment=a).values_list("months", flat=True)) == [3, 6]
    assert Notification.objects.filter(kind="coaching_follow_up", recipient=a.application.created_by).count() == 2


def test_open_coachings_get_no_follow_up():
    f.assignment()
    assert services.send_follow_ups(now=timezone.now() + timedelta(days=400)) == 0
