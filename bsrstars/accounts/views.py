import zoneinfo

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from bsrstars.permissions import permission_required

from . import selectors, services
from .forms import PreferencesForm
from .models import Organisation

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
    Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
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
        "can_see_members": can_see_members,
        "members": selectors.organisation_members(organisation) if can_see_members else [],
    }
    return render(request, "accounts/organisation_detail.html", context)
