import zoneinfo
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from bsrstars.accounts.models import Organisation
from regions.models import S3Domain

from .models import Event

ZONES = sorted(z for z in zoneinfo.available_timezones() if z.startswith("Europe/"))


class LocalDateTimeField(forms.DateTimeField):
    """A date-time typed in the event's own time zone (set by the form), stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    """Times are entered and shown in the event's time zone, whatever the organiser's own zone."""

    timezone = forms.ChoiceField(label=_("Time zone of the event"), choices=[(z, z) for z in ZONES])
    target_domains = forms.ModelMultipleChoiceField(
        label=_("Target S3 domains"),
        required=False,
        queryset=S3Domain.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    registration_opens = LocalDateTimeField(label=_("Registration opens"))
    registration_closes = LocalDateTimeField(label=_("Registration closes"))
    requests_close = LocalDateTimeField(
        label=_("Meeting requests close"),
        required=False,
        help_text=_("Unanswered requests expire then. Empty: when registration closes."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "type",
            "description",
            "venue",
            "online_url",
            "timezone",
            "start",
            "end",
            "registration_opens",
            "registration_closes",
            "capacity",
            "max_open_requests",
            "requests_close",
            "target_domains",
            "is_published",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    TIMES = ("start", "end", "registration_opens", "registration_closes", "requests_close")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_open_requests"].required = False
        instance = self.instance
        if instance.pk:
            zone = instance.zone
            for name in self.TIMES:
                value = getattr(instance, name)
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None) if value else None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("max_open_requests"):
            cleaned["max_open_requests"] = Event._meta.get_field("max_open_requests").default
        zone = zoneinfo.ZoneInfo(cleaned.get("timezone") or "UTC")
        for name in self.TIMES:
            value = cleaned.get(name)
            if isinstance(value, datetime):
                # The browser sends a wall-clock time: it means that time where the event happens.
                cleaned[name] = value.replace(tzinfo=None).replace(tzinfo=zone)
        return cleaned


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    slot_minutes = forms.IntegerField(label=_("Minutes per meeting"), min_value=5, max_value=120, initial=20)
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=2000, initial=20)
    break_start = LocalDateTimeField(label=_("Break starts"), required=False)
    break_end = LocalDateTimeField(label=_("Break ends"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end", "break_start", "break_end"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].replace(tzinfo=None).replace(tzinfo=self.event.zone)
        if bool(cleaned.get("break_start")) != bool(cleaned.get("break_end")):
            raise forms.ValidationError(_("Give both the start and the end of the break, or neither."))
        return cleaned


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(memberships__user=user).order_by("name")
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:  # the usual case: nothing to choose
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].initial = organisations[0].pk


class CooperationProfileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("offer", _("Offer")), ("request", _("Request")), ("partnership", _("Partnership idea"))],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    domains = forms.ModelMultipleChoiceField(
        label=_("S3 domains"), queryset=S3Domain.objects.order_by("code"), widget=forms.CheckboxSelectMultiple
    )


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what you would like to talk about."),
    )
    priority = forms.TypedChoiceField(
        label=_("How important is this meeting to you?"),
        coerce=int,
        initial=1,
        choices=[(1, _("normal")), (2, _("high")), (3, _("top"))],
    )


class FollowUpForm(forms.Form):
    """One question per meeting held: what came of it? Plus room for comments."""

    comments = forms.CharField(
        label=_("Anything else to tell the organisers?"), required=False, max_length=3000, widget=forms.Textarea
    )

    def __init__(self, *args, rows, **kwargs):
        from .models import FollowUpResult

        super().__init__(*args, **kwargs)
        self.meeting_fields = []
        for row in rows:
            name = f"meeting-{row['meeting'].pk}"
            partner = row["partner"]
            self.fields[name] = forms.ChoiceField(
                label=_("Your meeting with %(who)s (%(org)s)")
                % {"who": partner.person.get_full_name(), "org": partner.organisation.name},
                choices=FollowUpResult.choices,
                widget=forms.RadioSelect,
                initial=row["chosen"] or None,
            )
            self.meeting_fields.append((row["meeting"].pk, name))
        self.order_fields([name for _pk, name in self.meeting_fields] + ["comments"])

    def results(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for pk, name in self.meeting_fields}
