from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsrstars import charts
from bsrstars.downloads import views as downloads
from bsrstars.permissions import permission_required

from . import exports, selectors, services
from .filters import ApplicationFilter
from .forms import (
    AllowanceForm,
    ApplicationForm,
    CallForm,
    ClosingForm,
    CoachProfileForm,
    DecisionForm,
    FeedbackForm,
    FollowUpForm,
    GoalForm,
    OutcomeForm,
    ResolveForm,
    SessionForm,
    TaskForm,
    TaskUpdateForm,
    WithdrawForm,
)
from .models import Application, ApplicationStatus, CoachingSession, CoachProfile, FollowUp, PlanTask


def _errors_to_messages(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


# --- calls -----------------------------------------------------------------------------------


@permission_required("coaching.view_call_list")
def calls(request):
    """Signed-in people: calls open now, upcoming ones and closed ones."""
    now = timezone.now()
    context = {
        "open": selectors.open_calls(now),
        "upcoming": selectors.upcoming_calls(now),
        "closed": selectors.closed_calls(now),
        "can_add": request.user.has_perm("coaching.add_call"),
    }
    return render(request, "coaching/calls.html", context)


def _call(request, pk, **kwargs):
    return get_object_or_404(selectors.calls(), pk=pk)


@permission_required("coaching.view_call", fn=_call)
def call_detail(request, pk):
    call = _call(request, pk)
    mine = selectors.applications_of(request.user).filter(call=call) if request.user.is_authenticated else []
    context = {
        "call": call,
        "mine": list(mine),
        "open": call.is_open(),
        "can_apply": request.user.has_perm("coaching.apply"),
        "region_places": call.region_places.select_related("region"),
    }
    with timezone.override(call.zone):
        return render(request, "coaching/call_detail.html", context)


@permission_required("coaching.add_call")
def call_create(request):
    """Facilitators and programme admins: open a call."""
    form = CallForm(request.POST or None, initial={"timezone": request.user.timezone, "hours_allowance": 20})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.open_call(
                by=request.user,
                title=data["title"],
                description=data["description"],
                timezone_name=data["timezone"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                places=data["places"],
                hours_allowance=data["hours_allowance"],
                target_domains=data["target_domains"],
                region_places=form.region_places(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The call was opened."))
            return redirect("coaching:call", pk=call.pk)
    return render(request, "coaching/call_form.html", {"form": form})


# --- applications ----------------------------------------------------------------------------


@permission_required("coaching.apply")
def apply(request, pk):
    """SME members: start an application (saved as a draft, or submitted at once)."""
    call = _call(request, pk)
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.save_draft(
                call=call, organisation=form.cleaned_data["organisation"], by=request.user, **form.data_for_service()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _submit_or_keep(request, application)
    return render(request, "coaching/application_form.html", {"form": form, "call": call})


def _submit_or_keep(request, application):
    """After saving the draft: submit it if asked; if it is not complete, say why and keep editing."""
    if "submit" in request.POST:
        try:
            application = services.submit_application(application=application, by=request.user)
        except ValidationError as exc:
            messages.info(request, _("Your draft was saved, but it cannot be submitted yet."))
            _errors_to_messages(request, exc)
            return redirect("coaching:application_edit", pk=application.pk)
    return _saved(request, application)


def _saved(request, application):
    if application.is_draft:
        messages.success(request, _("Your draft was saved. Submit it before the call closes."))
    else:
        messages.success(request, _("Your application was submitted."))
    return redirect("coaching:application", pk=application.pk)


def _application(request, pk, **kwargs):
    return get_object_or_404(Application.objects.select_related("organisation", "call", "assignment__coach"), pk=pk)


@permission_required("coaching.change_application", fn=_application)
def application_edit(request, pk):
    """The company's members: edit the draft; submit it when complete."""
    application = _application(request, pk)
    if not application.is_draft:
        messages.info(request, _("A submitted application cannot be changed."))
        return redirect("coaching:application", pk=pk)
    form = ApplicationForm(request.POST or None, instance=application, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.save_draft(
                call=application.call,
                organisation=application.organisation,
                by=request.user,
                application=application,
                **form.data_for_service(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _submit_or_keep(request, application)
    return render(
        request, "coaching/application_form.html", {"form": form, "call": application.call, "application": application}
    )


@permission_required("coaching.view_my_applications")
def my_applications(request):
    """Anyone signed in: the applications of the companies they belong to, with status."""
    rows = selectors.applications_of(request.user)
    return render(request, "coaching/my_applications.html", {"rows": rows})


def _decision_choices(application):
    return [(s, ApplicationStatus(s).label) for s in services.TRANSITIONS.get(application.status, ())]


@permission_required("coaching.view_application", fn=_application)
def application_detail(request, pk):
    """The company's members, its coach and reviewers: the application and its audit trail."""
    application = selectors.application_detail(pk)
    reviewer = request.user.has_perm("coaching.review")
    member = request.user.has_perm("coaching.change_application", application)
    choices = sorted(_decision_choices(application))
    context = {
        "application": application,
        "assignment": getattr(application, "assignment", None),
        "member": member,
        "reviewer": reviewer,
        "decision_form": DecisionForm(choices=choices) if reviewer and choices else None,
        "withdraw_form": WithdrawForm() if member and _may_withdraw(application) else None,
    }
    return render(request, "coaching/application_detail.html", context)


def _may_withdraw(application):
    closed = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED)
    return application.status not in closed and getattr(application, "assignment", None) is None


@require_POST
@permission_required("coaching.change_application", fn=_application)
def application_submit(request, pk):
    try:
        services.submit_application(application=_application(request, pk), by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("coaching:application_edit", pk=pk)
    messages.success(request, _("Your application was submitted."))
    return redirect("coaching:application", pk=pk)


@require_POST
@permission_required("coaching.change_application", fn=_application)
def application_withdraw(request, pk):
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.withdraw(
            application=_application(request, pk), by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("coaching:application", pk=pk)


@require_POST
@permission_required("coaching.review", fn=_application)
def application_decide(request, pk):
    """Reviewers: move the application on, with the reason (kept in the audit trail)."""
    application = _application(request, pk)
    form = DecisionForm(request.POST, choices=_decision_choices(application))
    if form.is_valid():
        try:
            services.decide(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("coaching:application", pk=pk)


@permission_required("coaching.review")
def review(request):
    """Reviewers: every submitted application, filtered by call, status, country and domain."""
    filterset = ApplicationFilter(request.GET or None, queryset=selectors.applications_for_review())
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "coaching/review.html", {"filter": filterset, "page": page, "query": query.urlencode()})


@permission_required("coaching.review")
def review_export(request, fmt):
    """The same filtered list as CSV or XLSX (more than EXPORT_INLINE_ROWS rows in a worker)."""
    return downloads.respond(request, kind=exports.APPLICATIONS, fmt=fmt, params=exports.params_of(request))


@permission_required("coaching.assign_coach", fn=_application)
def suggestions(request, pk):
    """Reviewers: ranked coaches for an accepted application, with the reasons; assign one."""
    application = selectors.application_detail(pk)
    if request.method == "POST":
        coach = get_object_or_404(CoachProfile, pk=request.POST.get("coach"))
        try:
            assignment = services.assign_coach(application=application, coach=coach, by=request.user)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("%(coach)s is now the coach.") % {"coach": coach.user.get_full_name()})
            return redirect("coaching:plan", pk=assignment.pk)
    assignable = application.status == ApplicationStatus.ACCEPTED and getattr(application, "assignment", None) is None
    rows = selectors.suggestions(application) if assignable else []
    return render(
        request, "coaching/suggestions.html", {"application": application, "rows": rows, "assignable": assignable}
    )


# --- coaches ---------------------------------------------------------------------------------


@permission_required("coaching.change_own_coach_profile")
def coach_profile(request):
    """Coaches: the profile suggestions are made from."""
    profile = CoachProfile.objects.filter(user=request.user).first()
    initial = {"is_active": True, "capacity_smes": 5, "capacity_hours": 100}
    if profile:
        initial = {
            "country": str(profile.country),
            "languages": profile.languages,
            "domains": list(profile.domains.all()),
            "bio": profile.bio,
            "capacity_smes": profile.capacity_smes,
            "capacity_hours": profile.capacity_hours,
            "is_active": profile.is_active,
        }
    form = CoachProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_coach_profile(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your coach profile was saved."))
            return redirect("coaching:my_assignments")
    return render(request, "coaching/coach_profile.html", {"form": form})


@permission_required("coaching.view_my_assignments")
def my_assignments(request):
    """Coaches: the SMEs assigned to them (nobody else's)."""
    rows = selectors.assignments_of_coach(request.user)
    has_profile = CoachProfile.objects.filter(user=request.user).exists()
    return render(request, "coaching/my_assignments.html", {"rows": rows, "has_profile": has_profile})


# --- the coaching: plan, sessions, closing ---------------------------------------------------


def _assignment(request, pk, **kwargs):
    return get_object_or_404(selectors.assignments(), pk=pk)


def _can(request, perm, assignment):
    return request.user.has_perm(perm, assignment)


@permission_required("coaching.view_plan", fn=_assignment)
def plan(request, pk):
    """The company's members, its coach and reviewers: goals and the action plan."""
    assignment = _assignment(request, pk)
    goals, tasks = selectors.plan(assignment)
    editable = _can(request, "coaching.change_plan", assignment)
    context = {
        "assignment": assignment,
        "goals": goals,
        "tasks": tasks,
        "editable": editable,
        "goal_form": GoalForm() if editable else None,
        "task_form": TaskForm(assignment=assignment) if editable else None,
        "update_form": TaskUpdateForm() if editable else None,
        "ledger": selectors.ledger(assignment),
    }
    return render(request, "coaching/plan.html", context)


@require_POST
@permission_required("coaching.change_plan", fn=_assignment)
def goal_add(request, pk):
    assignment = _assignment(request, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        services.add_goal(assignment=assignment, **form.cleaned_data)
        messages.success(request, _("The goal was added."))
    else:
        messages.error(request, _("Name the goal."))
    return redirect("coaching:plan", pk=pk)


@require_POST
@permission_required("coaching.change_plan", fn=_assignment)
def task_add(request, pk):
    assignment = _assignment(request, pk)
    form = TaskForm(request.POST, assignment=assignment)
    if form.is_valid():
        try:
            services.add_task(assignment=assignment, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("The task was added."))
    else:
        messages.error(request, _("Give the task a title and an owner."))
    return redirect("coaching:plan", pk=pk)


@require_POST
@permission_required("coaching.change_plan", fn=_assignment)
def task_update(request, pk, task_pk):
    task = get_object_or_404(PlanTask, pk=task_pk, assignment_id=pk)
    form = TaskUpdateForm(request.POST)
    if form.is_valid():
        services.update_task(task=task, by=request.user, **form.cleaned_data)
        messages.success(request, _("The task was updated."))
    return redirect("coaching:plan", pk=pk)


def _ledger_chart(ledger):
    return charts.bar_chart(
        [
            (_("Allowance"), ledger.allowance / 60),
            (_("Confirmed"), ledger.confirmed / 60),
            (_("Waiting for confirmation"), ledger.pending / 60),
            (_("Disputed (not counted)"), ledger.disputed / 60),
        ],
        title=_("Coaching hours: used against the allowance"),
        ident="ledger-chart",
    )


@permission_required("coaching.view_plan", fn=_assignment)
def sessions(request, pk):
    """Sessions and the hours ledger. The coach logs sessions here; the company confirms or
    disputes them; reviewers resolve disputes and raise the allowance."""
    assignment = _assignment(request, pk)
    can_log = _can(request, "coaching.log_session", assignment)
    form = SessionForm(request.POST or None) if can_log else None
    if request.method == "POST":
        if not can_log:
            return redirect("coaching:sessions", pk=pk)
        if form.is_valid():
            try:
                services.log_session(assignment=assignment, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The session was logged; the company is asked to confirm it."))
                return redirect("coaching:sessions", pk=pk)
    return _render_sessions(request, assignment, form=form)


def _render_sessions(request, assignment, *, form=None, allowance_form=None):
    ledger = selectors.ledger(assignment)
    zone = services.zone_of_country(assignment.application.organisation.country)
    if allowance_form is None and request.user.has_perm("coaching.raise_allowance"):
        allowance_form = AllowanceForm()
    context = {
        "assignment": assignment,
        "rows": selectors.sessions_for(assignment, request.user),
        "ledger": ledger,
        "chart": _ledger_chart(ledger),
        "form": form,
        "zone": zone,
        "can_answer": _can(request, "coaching.answer_session", assignment),
        "can_resolve": request.user.has_perm("coaching.resolve_dispute"),
        "allowance_form": allowance_form,
        "raises": assignment.raises.select_related("by"),
    }
    with timezone.override(zone):
        return render(request, "coaching/sessions.html", context)


def _session(pk, session_pk):
    return get_object_or_404(CoachingSession, pk=session_pk, assignment_id=pk)


@require_POST
@permission_required("coaching.answer_session", fn=_assignment)
def session_answer(request, pk, session_pk):
    """The company's members: confirm a session, or dispute it with a reason."""
    session = _session(pk, session_pk)
    try:
        if request.POST.get("answer") == "confirm":
            services.confirm_session(session=session, by=request.user)
            messages.success(request, _("The session was confirmed."))
        else:
            services.dispute_session(session=session, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("The session is disputed; its hours do not count until it is resolved."))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("coaching:sessions", pk=pk)


@require_POST
@permission_required("coaching.resolve_dispute", fn=_assignment)
def session_resolve(request, pk, session_pk):
    session = _session(pk, session_pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome and say how the dispute was resolved."))
        return redirect("coaching:sessions", pk=pk)
    try:
        services.resolve_dispute(session=session, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("The dispute was resolved."))
    return redirect("coaching:sessions", pk=pk)


@require_POST
@permission_required("coaching.raise_allowance", fn=_assignment)
def allowance_raise(request, pk):
    """Reviewers: add hours to the allowance, with the reason (field errors shown on the page)."""
    assignment = _assignment(request, pk)
    form = AllowanceForm(request.POST)
    if form.is_valid():
        try:
            services.raise_allowance(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The allowance was raised."))
            return redirect("coaching:sessions", pk=pk)
    return _render_sessions(request, assignment, allowance_form=form)


@permission_required("coaching.view_plan", fn=_assignment)
def closing(request, pk):
    """The closing report (the coach), feedback (the company) and outcomes (both)."""
    assignment = _assignment(request, pk)
    feedback = getattr(assignment, "feedback", None) if assignment.is_closed else None
    context = {
        "assignment": assignment,
        "feedback": feedback,
        "outcomes": assignment.outcomes.select_related("recorded_by"),
        "report_form": ClosingForm() if _can(request, "coaching.close", assignment) else None,
        "feedback_form": FeedbackForm(
            initial={
                "satisfaction": feedback.satisfaction,
                "usefulness": feedback.usefulness,
                "comments": feedback.comments,
            }
            if feedback
            else None
        )
        if _can(request, "coaching.give_feedback", assignment)
        else None,
        "outcome_form": OutcomeForm() if _can(request, "coaching.record_outcome", assignment) else None,
    }
    return render(request, "coaching/closing.html", context)


def _post_form(request, pk, form, action, success):
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("coaching:closing", pk=pk)


@require_POST
@permission_required("coaching.close", fn=_assignment)
def closing_report(request, pk):
    assignment = _assignment(request, pk)
    return _post_form(
        request,
        pk,
        ClosingForm(request.POST),
        lambda **data: services.close_coaching(assignment=assignment, by=request.user, **data),
        _("The coaching is closed; the company is asked for feedback and outcomes."),
    )


@require_POST
@permission_required("coaching.give_feedback", fn=_assignment)
def feedback(request, pk):
    assignment = _assignment(request, pk)
    return _post_form(
        request,
        pk,
        FeedbackForm(request.POST),
        lambda **data: services.give_feedback(assignment=assignment, by=request.user, **data),
        _("Thank you: your feedback was saved."),
    )


@require_POST
@permission_required("coaching.record_outcome", fn=_assignment)
def outcome_add(request, pk):
    assignment = _assignment(request, pk)
    return _post_form(
        request,
        pk,
        OutcomeForm(request.POST),
        lambda **data: services.record_outcome(assignment=assignment, by=request.user, **data),
        _("The outcome was recorded."),
    )


def _follow_up(request, pk, **kwargs):
    return get_object_or_404(FollowUp.objects.select_related("assignment__application__organisation"), pk=pk)


@permission_required("coaching.give_feedback", fn=lambda request, pk: _follow_up(request, pk).assignment)
def follow_up(request, pk):
    """The company's members, 3 and 6 months on: update the outcomes."""
    row = _follow_up(request, pk)
    form = FollowUpForm(request.POST or None, initial={"note": row.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(follow_up=row, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your update was saved."))
            return redirect("coaching:closing", pk=row.assignment_id)
    context = {
        "row": row,
        "form": form,
        "outcomes": row.assignment.outcomes.all(),
        "outcome_form": OutcomeForm(),
    }
    return render(request, "coaching/follow_up.html", context)


# --- overview --------------------------------------------------------------------------------


@permission_required("coaching.view_overview")
def overview(request):
    """Reviewers: every call's funnel and hours, as charts with the numbers in a table."""
    rows = selectors.funnel()
    totals = {key: sum(getattr(c, key) for c in rows) for key in ("applied", "accepted", "assigned", "completed")}
    funnel_chart = charts.bar_chart(
        [
            (_("Applied"), totals["applied"]),
            (_("Accepted"), totals["accepted"]),
            (_("Coach assigned"), totals["assigned"]),
            (_("Completed"), totals["completed"]),
        ],
        title=_("Coaching funnel, all calls"),
        ident="funnel-chart",
    )
    hours_chart = charts.bar_chart(
        [(c.title, c.hours_delivered) for c in rows], title=_("Confirmed coaching hours per call"), ident="hours-chart"
    )
    return render(
        request,
        "coaching/overview.html",
        {"rows": rows, "totals": totals, "funnel_chart": funnel_chart, "hours_chart": hours_chart},
    )


def company_section(request, organisation):
    """The coaching section of a company's page, or '' for people who may not see it."""
    from django.template.loader import render_to_string

    if not request.user.has_perm("coaching.view_company_coaching", organisation):
        return ""
    rows = selectors.company_coaching(organisation)
    return render_to_string(
        "coaching/_company_section.html", {"rows": rows, "organisation": organisation}, request=request
    )
