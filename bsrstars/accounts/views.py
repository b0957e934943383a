import json
import zoneinfo

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from bsrstars.permissions import permission_required

from . import membership, privacy, selectors, services
from .forms import InvitationForm, MembershipRequestForm, PreferencesForm
from .models import Invitation, Membership, MembershipRequest, Organisation

TIMEZONE_CHOICES = sorted(z for z in zoneinfo.available_timezones() if z.startswith("Europe/")) + ["UTC"]


@permission_required("accounts.view_own_account")
def profile(request):
    """Signed-in people: their own account, preferences, organisations, roles and API token."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    form.fields["timezone"].widget = forms.Select(choices=[(z, z) for z in TIMEZONE_CHOICES])
    if request.method == "POST" and form.is_valid():
        services.update_preferences(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "memberships": selectors.memberships_of(request.user),
        "assignments": selectors.role_assignments_of(request.user),
        "token": Token.objects.filter(user=request.user).first(),
    }
    return render(request, "accounts/profile.html", context)


@permission_required("accounts.view_own_account")
def api_token(request):
    """Signed-in people: create or replace their personal API token (POST only)."""
    if request.method != "POST":
        return redirect("accounts:profile")
    services.replace_api_token(user=request.user)
    messages.success(request, _("A new API token was created. The old one no longer works."))
    return redirect("accounts:profile")


def _organisation(request, pk):
    return get_object_or_404(Organisation.objects.select_related("region"), pk=pk)


@permission_required("accounts.view_organisation", fn=_organisation)
def organisation_detail(request, pk):
    """Signed-in people; the member list only for its members and programme admins."""
    organisation = _organisation(request, pk)
    can_see_members = request.user.has_perm("accounts.view_organisation_members", organisation)
    context = {
        "organisation": organisation,
        "can_manage_members": request.user.has_perm("accounts.manage_members", organisation),
        "can_request_membership": request.user.has_perm("accounts.request_membership", organisation),
        "can_see_members": can_see_members,
        "members": selectors.organisation_members(organisation) if can_see_members else [],
    }
    return render(request, "accounts/organisation_detail.html", context)


def _organisation_for_members(request, pk, **kwargs):
    return get_object_or_404(Organisation, pk=pk)


@permission_required("accounts.manage_members", fn=_organisation_for_members)
def organisation_members(request, pk):
    """The organisation's admin members and programme admins: members, requests, invitations."""
    organisation = _organisation_for_members(request, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.invite_member(
                organisation=organisation, email=form.cleaned_data["email"], invited_by=request.user
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("accounts:organisation_members", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "members": selectors.organisation_members(organisation),
        "requests": selectors.pending_membership_requests(organisation),
        "invitations": selectors.open_invitations(organisation),
        "form": form,
    }
    return render(request, "accounts/organisation_members.html", context)


def _membership_of(request, pk, membership_pk):
    return get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=membership_pk, organisation_id=pk
    )


def _run(request, action, success_message):
    """Call a membership service; a broken rule becomes a message, not an error page."""
    try:
        action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, success_message)


@require_POST
@permission_required("accounts.manage_members", fn=_organisation_for_members)
def member_action(request, pk, membership_pk):
    """The organisation's admins: remove a member, make or unmake admin."""
    target = _membership_of(request, pk, membership_pk)
    action = request.POST.get("action")
    if action == "remove":
        _run(
            request,
            lambda: membership.remove_member(membership=target),
            _("%(person)s was removed.") % {"person": target.user},
        )
    elif action in ("make_admin", "remove_admin"):
        _run(
            request,
            lambda: membership.set_member_admin(membership=target, is_admin=action == "make_admin"),
            _("Admin rights of %(person)s were changed.") % {"person": target.user},
        )
    return redirect("accounts:organisation_members", pk=pk)


def _request_of(request, pk, request_pk):
    return get_object_or_404(
        MembershipRequest.objects.select_related("organisation", "user"), pk=request_pk, organisation_id=pk
    )


@require_POST
@permission_required("accounts.manage_members", fn=_organisation_for_members)
def decide_request(request, pk, request_pk):
    """The organisation's admins: approve or decline a membership request."""
    membership_request = _request_of(request, pk, request_pk)
    approve = request.POST.get("decision") == "approve"
    _run(
        request,
        lambda: membership.decide_membership_request(
            request=membership_request, approve=approve, decided_by=request.user
        ),
        _("%(person)s is now a member.") % {"person": membership_request.user}
        if approve
        else _("The request of %(person)s was declined.") % {"person": membership_request.user},
    )
    return redirect("accounts:organisation_members", pk=pk)


@require_POST
@permission_required("accounts.manage_members", fn=_organisation_for_members)
def revoke_invitation(request, pk, invitation_pk):
    """The organisation's admins: withdraw an invitation that has not been used."""
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation_id=pk)
    membership.revoke_invitation(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("accounts:organisation_members", pk=pk)


@permission_required("accounts.request_membership", fn=_organisation_for_members)
def request_membership(request, pk):
    """Signed-in people who are not members: ask to join a registered organisation."""
    organisation = _organisation_for_members(request, pk)
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.request_membership(
                organisation=organisation, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Your request was sent to the admins of %(organisation)s.") % {"organisation": organisation}
            )
            return redirect("home")
    return render(request, "accounts/request_membership.html", {"organisation": organisation, "form": form})


@permission_required("accounts.view_own_account")
def accept_invitation(request, token):
    """Signed-in people holding the invitation link: join on POST (GET shows what they join)."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    if request.method == "POST":
        try:
            joined = membership.accept_invitation(token=token, user=request.user)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(
                request, _("You are now a member of %(organisation)s.") % {"organisation": joined.organisation}
            )
            return redirect("accounts:organisation_detail", pk=joined.organisation.pk)
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation})


@permission_required("accounts.view_own_account")
def my_data(request):
    """Signed-in people: what the portal holds about them; download it; delete the account."""
    admin_of = [m.organisation for m in selectors.memberships_of(request.user) if m.is_admin]
    return render(request, "accounts/my_data.html", {"admin_of": admin_of})


@permission_required("accounts.view_own_account")
def my_data_export(request):
    """Signed-in people: everything about them as a JSON download."""
    data = privacy.export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="bsr-stars-my-data.json"'
    return response


@require_POST
@permission_required("accounts.view_own_account")
def delete_account(request):
    """Signed-in people: delete their own account after confirming with their email address."""
    if request.POST.get("confirm_email", "").strip().lower() != request.user.email:
        messages.error(request, _("Type your email address to confirm."))
        return redirect("accounts:my_data")
    try:
        privacy.delete_account(user=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("accounts:my_data")
    logout(request)
    messages.success(request, _("Your account and your personal data were deleted."))
    return redirect("home")
