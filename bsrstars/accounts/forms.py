from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth's own form supplies email and passwords."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    accept_privacy = forms.BooleanField(
        required=True,
        error_messages={"required": _("You need to accept the privacy notice to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_privacy"].label = format_html(
            '{} <a href="{}">{}</a>', _("I have read and accept the"), reverse("privacy"), _("privacy notice")
        )

    def signup(self, request, user: User):
        user.full_name = self.cleaned_data["full_name"]
        user.language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        user.save(update_fields=["full_name", "language"])
        services.record_privacy_consent(user=user)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "timezone"]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


class MembershipRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the organisation's admins"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Say who you are and why you belong to the organisation."),
    )
