import zoneinfo
from datetime import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts.models import Organisation, OrganisationKind
from regions.models import Region, S3Domain

from .models import AccessApplication, Facility, Unit, UsageReport, VoucherCall

ZONES = sorted(z for z in zoneinfo.available_timezones() if z.startswith("Europe/"))


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields where it has them, the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class LocalDateTimeField(forms.DateTimeField):
    """A date-time typed in the facility's own time zone (the form sets it), stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"


class InFacilityZone:
    """Mixin: LocalDateTimeFields are read and shown in `self.zone`."""

    zone = zoneinfo.ZoneInfo("UTC")

    def _localise_initial(self):
        for name, field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(field, LocalDateTimeField) and isinstance(value, datetime):
                self.initial[name] = timezone.localtime(value, self.zone).replace(tzinfo=None)

    def _in_zone(self, cleaned):
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, LocalDateTimeField) and isinstance(value, datetime):
                # The browser sends a wall-clock time: it means that time where the facility is.
                cleaned[name] = value.replace(tzinfo=None).replace(tzinfo=self.zone)
        return cleaned


class FacilityForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone of the facility"), choices=[(z, z) for z in ZONES])

    class Meta:
        model = Facility
        fields = ["name", "country", "region", "description", "website", "access_conditions", "timezone"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "access_conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level=3).order_by("code")
        if operators is not None:
            self.fields["operator"] = forms.ModelChoiceField(label=_("Operator organisation"), queryset=operators)
            if len(operators) == 1:
                self.fields["operator"].empty_label = None
            self.order_fields(["operator"])


class UnitForm(forms.ModelForm):
    domains = forms.ModelMultipleChoiceField(
        label=_("S3 domains"),
        required=False,
        queryset=S3Domain.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Unit
        fields = [
            "name",
            "description",
            "process_type",
            "scale",
            "feedstocks",
            "capacity",
            "domains",
            "price_per_day",
            "buffer_hours",
            "min_days",
            "max_days",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PeriodForm(InFacilityZone, forms.Form):
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))

    def __init__(self, *args, zone, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)
        self._localise_initial()

    def clean(self):
        cleaned = self._in_zone(super().clean())
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("The period must end after it starts."))
        return cleaned


class BlackoutForm(PeriodForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False, help_text=_("E.g. maintenance."))


class CallForm(forms.ModelForm):
    class Meta:
        model = VoucherCall
        fields = [
            "title",
            "description",
            "opens",
            "closes",
            "max_amount",
            "max_projects",
            "total_budget",
            "cofinancing_rate",
            "transnational_only",
        ]
        widgets = {"opens": DateInput(), "closes": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


APPLICATION_FIELDS = [
    "project_description",
    "expected_results",
    "desired_start",
    "desired_end",
    "duration_days",
    "requested_amount",
    "de_minimis_received",
    "de_minimis_declared",
]


class ApplicationForm(forms.Form):
    """A plain form over the application's fields: the service checks the whole application and
    names the field at fault, so the model's own constraint messages never come first."""

    company = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    call = forms.ModelChoiceField(label=_("Voucher call"), queryset=VoucherCall.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, facility, instance=None, **kwargs):
        if instance is not None:
            initial = model_to_dict(instance, fields=[*APPLICATION_FIELDS, "company", "call", "units"])
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                AccessApplication,
                fields=APPLICATION_FIELDS,
                widgets={
                    "desired_start": DateInput(),
                    "desired_end": DateInput(),
                    "project_description": forms.Textarea(attrs={"rows": 5}),
                    "expected_results": forms.Textarea(attrs={"rows": 3}),
                },
            )
        )
        self.fields["de_minimis_received"].required = False
        companies = Organisation.objects.filter(memberships__user=user, kind=OrganisationKind.SME).order_by("name")
        self.fields["company"].queryset = companies
        if len(companies) == 1:
            self.fields["company"].empty_label = None
        calls = VoucherCall.objects.order_by("-closes")
        self.fields["call"].queryset = calls
        self.fields["call"].label_from_instance = self._call_label
        self.fields["units"].queryset = facility.units.order_by("name")

    @staticmethod
    def _call_label(call):
        if call.is_open():
            return _("%(title)s (open until %(closes)s)") % {"title": call.title, "closes": call.closes.isoformat()}
        return _("%(title)s (closed)") % {"title": call.title}

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("de_minimis_received") is None:
            data["de_minimis_received"] = Decimal("0")
        return {key: data.pop(key) for key in ("company", "call", "units")} | {"fields": data}


class ReviewForm(InFacilityZone, forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Is the test technically feasible here?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes: propose dates and a price")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    proposed_start = LocalDateTimeField(label=_("Proposed start"), required=False)
    proposed_end = LocalDateTimeField(label=_("Proposed end"), required=False)
    proposed_price = forms.DecimalField(
        label=_("Price of the access (EUR)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    comment = forms.CharField(
        label=_("Comment to the applicant"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, zone, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)

    def clean(self):
        return self._in_zone(super().clean())


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Voucher decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Approve and book")), ("no", _("Reject"))],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Voucher amount (EUR)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; shown to the applicant."),
    )


class UsageReportForm(forms.ModelForm):
    class Meta:
        model = UsageReport
        fields = ["what_was_tested", "results", "plans_investment", "plans_scale_up", "plans_cooperation", "follow_up"]
        widgets = {
            "what_was_tested": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }


class ConfirmUsageForm(forms.Form):
    days_used = forms.DecimalField(label=_("Days used"), min_value=0, max_digits=6, decimal_places=1)
    hours_used = forms.DecimalField(label=_("Hours used"), min_value=0, max_digits=7, decimal_places=1, required=False)
