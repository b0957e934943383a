"""Testbeds URLs and the test-facility API: who may do what. Facility A (one unit, a blackout and a
calendar feed link) is run by `operator`'s organisation; facility B, in Lithuania, by another
operator. Organisation A (the sme's company, region SE224) has applications at facility A in every
state: a draft, a submitted one, one found feasible, one approved and booked, one whose booking
ended (the usage report is due) and a completed one with its report, plus one submitted to
facility B. A superuser passes every permission check, so `admin` reaches whatever a permission
alone decides; the services refuse what only members may do. See tests/url_matrix.py."""

from django.db.models import F

from testbeds import services
from testbeds.forms import ApplicationForm, CallForm, FacilityForm, UnitForm
from testbeds.models import TimeBlock
from tests.testbeds import factories as f
from tests.url_matrix import EVERYONE, NOT_ALLOWED, SIGNED_IN, SMES, Call, Expect, form_data

KEEPS = frozenset({"operator", "admin"})  # facility A's operator; programme admins keep every facility
ADMIN = frozenset({"admin"})
SME_MEMBERS = SMES | ADMIN  # members of an SME (and superusers) may apply and list their applications
APPLICANT = frozenset({"sme", "admin"})  # organisation A's member; admins pass the permission


def build(world):
    people = world.people
    sme, owner, admin = people["sme"], people["operator"], people["admin"]
    facility = f.facility(owner)
    unit = f.unit(facility)
    other_facility = f.facility(name="Kaunas Food Pilot Plant", country="LT", region="LT011", tz="Europe/Vilnius")
    other_unit = f.unit(other_facility, name="Extrusion line")
    the_call = f.call(by=admin)
    mine = {"applicant": sme, "organisation": world.org_a}
    submitted = f.draft(the_call, unit, **mine)
    services.submit_application(application=submitted, by=sme)
    elsewhere = f.draft(the_call, other_unit, **mine)
    services.submit_application(application=elsewhere, by=sme)
    booked = f.booked(f.draft(the_call, unit, **mine), start=f.at(20), end=f.at(22), by=admin)
    ended = f.booked(f.draft(the_call, unit, **mine), start=f.at(30), end=f.at(32), by=admin)
    _end_days_ago(ended, 3)
    completed = f.booked(f.draft(the_call, unit, **mine), start=f.at(35), end=f.at(37), by=admin)
    _end_days_ago(completed, 10)
    services.submit_usage_report(application=completed, by=sme, what_was_tested="Pilot run", results="Fine")
    world.tb_facility, world.tb_unit, world.tb_call = facility, unit, the_call
    world.tb_other_facility, world.tb_other_unit = other_facility, other_unit
    world.tb_draft = f.draft(the_call, unit, **mine)
    world.tb_submitted, world.tb_elsewhere = submitted, elsewhere
    world.tb_feasible = f.feasible(f.draft(the_call, unit, **mine), start=f.at(40), end=f.at(42))
    world.tb_booked, world.tb_booking = booked, booked.bookings.get()
    world.tb_ended, world.tb_completed = ended, completed
    world.tb_blackout = services.add_blackout(unit=unit, by=owner, start=f.at(50), end=f.at(51), reason="Service")
    world.tb_token = services.new_calendar_token(unit=unit)


def _end_days_ago(application, days):
    """Move the application's booking into the past: it ended `days` days ago."""
    shift = application.proposed_end - f.at(-days)
    TimeBlock.objects.filter(application=application).update(
        start=F("start") - shift, end=F("end") - shift, blocked_until=F("blocked_until") - shift
    )


def _pk(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


def _local(days, hour=8):
    """A moment in facility A's time zone as a datetime-local field sends it."""
    return f.at(days, hour).strftime("%Y-%m-%dT%H:%M")


def _facility_form(world, role, **changes):
    facility = world.tb_facility
    return form_data(FacilityForm(instance=facility), **changes)


def _unit_form(world, role, **changes):
    return form_data(UnitForm(instance=world.tb_unit), **changes)


def _application_form(world, role):
    draft = world.tb_draft
    form = ApplicationForm(user=world.people["sme"], facility=draft.facility, instance=draft)
    return form_data(form, project_description="Scale our whey fermentation to 2,000 L.")


def _api_application(world, role):
    return {
        **{k: str(v) for k, v in f.application_fields().items()},
        "call": world.tb_call.pk,
        "company": world.org_a.pk,
        "facility": world.tb_facility.pk,
        "units": [world.tb_unit.pk],
    }


def _new_facility(world, role):
    return _facility_form(world, role, name="Umeå Biorefinery Pilot", operator=world.tb_facility.operator_id)


def _review(world, role):
    return {"feasible": "yes", "proposed_start": _local(60), "proposed_end": _local(62), "proposed_price": "7000"}


URLS = {
    # The catalogue is public; prices and calendars are for signed-in people.
    "testbeds:catalogue": Expect(get=EVERYONE),
    "testbeds:facility": Expect(kwargs=_pk("tb_facility"), get=EVERYONE),
    "testbeds:unit": Expect(kwargs=_pk("tb_unit"), get=EVERYONE),
    "testbeds:calendar": Expect(kwargs=_pk("tb_unit"), get=SIGNED_IN),
    # The secret link is the permission: calendar apps cannot log in.
    "testbeds:calendar_feed": Expect(kwargs=lambda w: {"token": w.tb_token}, get=EVERYONE),
    "testbeds:calendar_feed_new": Expect(kwargs=_pk("tb_unit"), get=NOT_ALLOWED, post=KEEPS),
    # Operators
    "testbeds:operator": Expect(get=KEEPS),
    "testbeds:facility_create": Expect(get=KEEPS, post=Call(KEEPS, data=_new_facility)),
    "testbeds:facility_edit": Expect(
        kwargs=_pk("tb_facility"),
        get=KEEPS,
        post=Call(KEEPS, data=lambda w, r: _facility_form(w, r, name="Trondheim Pilot Plant")),
    ),
    "testbeds:unit_create": Expect(
        kwargs=_pk("tb_facility"), get=KEEPS, post=Call(KEEPS, data=lambda w, r: _unit_form(w, r, name="Dryer"))
    ),
    "testbeds:unit_edit": Expect(
        kwargs=_pk("tb_unit"), get=KEEPS, post=Call(KEEPS, data=lambda w, r: _unit_form(w, r, capacity="2,000 L"))
    ),
    "testbeds:utilisation": Expect(kwargs=_pk("tb_facility"), get=KEEPS),
    "testbeds:utilisation_export": Expect(kwargs=lambda w: {"pk": w.tb_facility.pk, "fmt": "csv"}, get=KEEPS),
    "testbeds:blackouts": Expect(
        kwargs=_pk("tb_unit"),
        get=KEEPS,
        post=Call(KEEPS, data={"start": _local(60), "end": _local(61), "reason": "Cleaning"}),
    ),
    "testbeds:blackout_remove": Expect(
        kwargs=lambda w: {"pk": w.tb_unit.pk, "blackout_pk": w.tb_blackout.pk}, get=NOT_ALLOWED, post=KEEPS
    ),
    "testbeds:booking_move": Expect(
        kwargs=_pk("tb_booking"), get=KEEPS, post=Call(KEEPS, data={"start": _local(24), "end": _local(26)})
    ),
    "testbeds:booking_cancel": Expect(
        kwargs=_pk("tb_booking"), get=NOT_ALLOWED, post=Call(KEEPS, data={"reason": "Broken pump"})
    ),
    # Calls and the programme's decisions
    "testbeds:calls": Expect(get=SIGNED_IN),
    "testbeds:call_create": Expect(
        get=ADMIN,
        post=Call(ADMIN, data=lambda w, r: form_data(CallForm(instance=w.tb_call), title="Vouchers 2028")),
    ),
    "testbeds:decisions": Expect(get=ADMIN),
    "testbeds:application_decide": Expect(
        kwargs=_pk("tb_feasible"), get=ADMIN, post=Call(ADMIN, data={"approve": "yes", "amount": "5000"})
    ),
    # Applications. Anyone in an SME may start one; only the company's members save or submit it
    # (admins reach the pages but are refused by the form or the service: nothing saved).
    "testbeds:my_applications": Expect(get=SME_MEMBERS),
    "testbeds:application_create": Expect(query=lambda w: {"facility": w.tb_facility.pk}, get=SME_MEMBERS),
    "testbeds:application": Expect(kwargs=_pk("tb_submitted"), get=APPLICANT | {"operator", "authority_skane"}),
    "testbeds:application_edit": Expect(
        kwargs=_pk("tb_draft"),
        get=APPLICANT,
        post=Call(APPLICANT, writes={"sme"}, status={"admin": 400}, data=_application_form),
    ),
    "testbeds:application_submit": Expect(
        kwargs=_pk("tb_draft"), get=NOT_ALLOWED, post=Call(APPLICANT, writes={"sme"})
    ),
    # Only the facility's own operator reviews (and programme admins).
    "testbeds:application_review": Expect(kwargs=_pk("tb_submitted"), get=KEEPS, post=Call(KEEPS, data=_review)),
    "testbeds:usage_report": Expect(
        kwargs=_pk("tb_ended"),
        get=APPLICANT,
        post=Call(APPLICANT, data={"what_was_tested": "Pilot run", "results": "Fine"}),
    ),
    "testbeds:usage_confirm": Expect(
        kwargs=_pk("tb_completed"), get=NOT_ALLOWED, post=Call(KEEPS, data={"days_used": "2"})
    ),
    # API: the catalogue for signed-in people; applications are the caller's companies' own
    # (everyone else, admins too, gets 404); bookings the caller's companies' and facilities'.
    "test-facility-list": Expect(get=SIGNED_IN),
    "test-facility-detail": Expect(kwargs=_pk("tb_facility"), get=SIGNED_IN),
    "test-facility-unit-list": Expect(get=SIGNED_IN),
    "test-facility-unit-detail": Expect(kwargs=_pk("tb_unit"), get=SIGNED_IN),
    "my-access-application-list": Expect(
        get=SME_MEMBERS,
        post=Call(SME_MEMBERS, writes={"sme"}, status={"other_sme": 400, "admin": 400}, data=_api_application),
    ),
    "my-access-application-detail": Expect(kwargs=_pk("tb_submitted"), get={"sme"}),
    # The permission comes before the method: a GET is refused (403) unless the caller is in an SME.
    "my-access-application-submit": Expect(
        kwargs=_pk("tb_draft"), get=Call(SME_MEMBERS, status=dict.fromkeys(SME_MEMBERS, 405)), post={"sme"}
    ),
    "test-facility-booking-list": Expect(get=SIGNED_IN),
    "test-facility-booking-detail": Expect(kwargs=_pk("tb_booking"), get={"sme", "operator", "admin"}),
}
