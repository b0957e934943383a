from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts.models import Organisation

from .models import PolicyLearningActivity, Region, S3Domain
from .services import clean_nace_list


def _domains(label, required=False):
    return forms.ModelMultipleChoiceField(
        label=label, required=required, queryset=S3Domain.objects.order_by("code"), widget=forms.CheckboxSelectMultiple
    )


class ProfileForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the region's S3 strategy"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    strategy_url = forms.URLField(label=_("S3 strategy document (link)"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"] = _domains(_("Domains where the region seeks partners"))


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Priority"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        coerce=int,
        choices=[
            ("", "---------"),
            (1, _("1 – emerging")),
            (2, "2"),
            (3, _("3 – established")),
            (4, "4"),
            (5, _("5 – leading")),
        ],
    )
    nace_codes = forms.CharField(
        label=_("NACE Rev.2 codes"), required=False, help_text=_("Separated by commas, e.g. C10, A03.2")
    )
    strategy_url = forms.URLField(label=_("Strategy document"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"] = _domains(_("S3 domains"), required=True)

    def clean_nace_codes(self):
        try:
            return clean_nace_list(self.cleaned_data["nace_codes"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


PriorityFormSet = forms.formset_factory(PriorityForm, extra=1, can_delete=True, max_num=30, validate_max=True)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True, max_num=10, validate_max=True)


class PolicyLearningForm(forms.ModelForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating authorities"),
        required=False,
        queryset=Organisation.objects.filter(kind__in=["regional_authority", "national_authority"]).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    host_region = forms.ModelChoiceField(
        label=_("Host region"), required=False, queryset=Region.objects.filter(level__in=[2, 3]).order_by("code")
    )

    class Meta:
        model = PolicyLearningActivity
        fields = ["title", "kind", "date", "host_region", "description", "participants"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, own_authorities=None, **kwargs):
        """`own_authorities`: an authority records its own participation only, so the choice is
        limited to its own organisations (all of them when none is ticked)."""
        super().__init__(*args, **kwargs)
        self.own_authorities = own_authorities
        if own_authorities is not None:
            field = self.fields["participants"]
            field.queryset = own_authorities
            field.label = _("Your authority took part as")
            field.help_text = _("An authority records its own participation; the programme team adds the others.")
            self.initial.setdefault("participants", list(own_authorities))

    def clean_participants(self):
        chosen = self.cleaned_data["participants"]
        if self.own_authorities is not None and not chosen:
            return self.own_authorities
        return chosen


class StructuralForm(forms.Form):
    n = forms.TypedChoiceField(
        label=_("How many"), coerce=int, choices=[(3, 3), (5, 5), (10, 10)], initial=5, required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    exclude_own_country = forms.BooleanField(label=_("Leave out regions of the same country"), required=False)
