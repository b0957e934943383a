import zoneinfo
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts.models import Organisation
from bsrstars.forms import country_choices
from regions.models import Region, S3Domain

from .models import COACHING_LANGUAGES, NEEDS, Application, Outcome, OutcomeKind, PlanTask, SessionMode, TaskOwner

ZONES = sorted(z for z in zoneinfo.available_timezones() if z.startswith("Europe/"))
SCORES = [("", "—"), *[(str(i), str(i)) for i in range(1, 6)]]


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.Form):
    """Dates are typed in the call's own time zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    timezone = forms.ChoiceField(label=_("Time zone of the dates"), choices=[(z, z) for z in ZONES])
    opens_at = LocalDateTimeField(label=_("Opens"))
    closes_at = LocalDateTimeField(label=_("Closes"))
    places = forms.IntegerField(label=_("Places overall"), min_value=1, max_value=10_000)
    hours_allowance = forms.IntegerField(label=_("Coaching hours per SME"), min_value=1, max_value=500, initial=20)
    target_domains = forms.ModelMultipleChoiceField(
        label=_("Target S3 domains"),
        required=False,
        queryset=S3Domain.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_regions = list(Region.objects.filter(is_partner=True).order_by("code"))
        for region in self.partner_regions:
            self.fields[f"places_{region.code}"] = forms.IntegerField(
                label=_("Places for %(region)s") % {"region": region.name},
                required=False,
                min_value=0,
                max_value=10_000,
                help_text=_("Empty: no limit for this region."),
            )

    def clean(self):
        cleaned = super().clean()
        zone = zoneinfo.ZoneInfo(cleaned.get("timezone") or "UTC")
        for name in ("opens_at", "closes_at"):
            value = cleaned.get(name)
            if isinstance(value, datetime):
                cleaned[name] = value.replace(tzinfo=None).replace(tzinfo=zone)
        if cleaned.get("opens_at") and cleaned.get("closes_at") and cleaned["closes_at"] <= cleaned["opens_at"]:
            self.add_error("closes_at", _("The call must close after it opens."))
        for region in self.partner_regions:
            n = cleaned.get(f"places_{region.code}")
            if n is not None and cleaned.get("places") and n > cleaned["places"]:
                self.add_error(f"places_{region.code}", _("A region cannot have more places than the call."))
        return cleaned

    def region_places(self) -> dict:
        return {r: self.cleaned_data.get(f"places_{r.code}") for r in self.partner_regions}


class ApplicationForm(forms.ModelForm):
    """Drafts may be incomplete; the service checks completeness on submission."""

    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    languages = forms.MultipleChoiceField(
        label=_("Preferred languages"), choices=COACHING_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_countries = forms.MultipleChoiceField(
        label=_("Target markets (countries)"),
        choices=country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("S3 domains"),
        required=False,
        queryset=S3Domain.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )
    target_regions = forms.ModelMultipleChoiceField(
        label=_("Target partner regions"),
        required=False,
        queryset=Region.objects.filter(is_partner=True).order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["challenge", "target_countries", "target_regions", "domains", "expertise_wanted", "languages"]
        widgets = {
            "challenge": forms.Textarea(attrs={"rows": 5}),
            "expertise_wanted": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(memberships__user=user, kind="sme").order_by("name")
        self.fields["organisation"].queryset = organisations
        if self.instance.pk:
            del self.fields["organisation"]
        elif len(organisations) == 1:
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].initial = organisations[0].pk
        for name, label in NEEDS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("1: no need … 5: a pressing need"),
                initial=getattr(self.instance, name),
            )
        if self.instance.pk:
            self.initial["target_countries"] = [str(c) for c in self.instance.target_countries]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        return data


class DecisionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Decision"), choices=[])
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you withdraw? (optional)"), max_length=2000, required=False)


class CoachProfileForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages you coach in"), choices=COACHING_LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Expertise domains"), queryset=S3Domain.objects.order_by("code"), widget=forms.CheckboxSelectMultiple
    )
    bio = forms.CharField(
        label=_("Short bio"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capacity_smes = forms.IntegerField(label=_("SMEs you can coach at a time"), min_value=1, max_value=100)
    capacity_hours = forms.IntegerField(label=_("Hours you can give in all"), min_value=1, max_value=5000)
    is_active = forms.BooleanField(label=_("Taking new SMEs"), required=False, initial=True)


class AllowanceForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours to add"), min_value=0.25, max_value=200, decimal_places=2)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = ["title", "goal", "owner", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = assignment.goals.all()
        self.fields["owner"].choices = TaskOwner.choices


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanTask._meta.get_field("status").choices)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        help_text=_("Counted against the company's hours allowance."),
        max_value=600,
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=SessionMode.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Summary (the company sees it)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    private_notes = forms.CharField(
        label=_("Private notes (only you see them; never shown to the company)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("A session must last at least one minute."))
        return value


class ResolveForm(forms.Form):
    counts = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("The session counts")), ("no", _("Void the session"))],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(label=_("Resolution"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ClosingForm(forms.Form):
    report = forms.CharField(label=_("Closing report"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}))


class FeedbackForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the coaching? (1–5)"),
        choices=SCORES[1:],
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it for your company? (1–5)"), choices=SCORES[1:], coerce=int, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("Comments"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "programme", "amount_eur", "country", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OutcomeKind.choices
        self.fields["programme"].help_text = _("For a financing application, e.g. EIC Accelerator.")
        self.fields["country"].help_text = _("For a cooperation started or a new market entered.")

    def _post_clean(self):
        """The service validates (it knows which fields each kind needs)."""


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What has changed since?"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
