import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.selectors import domain_choices

from .models import Event, EventType, Registration, RegistrationStatus


class EventFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=EventType.choices)
    # Choices from (code, name) rows, not model instances (as the directory's filters).
    domain = django_filters.ChoiceFilter(
        label=_("S3 domain"), field_name="target_domains__code", choices=domain_choices
    )
    when = django_filters.ChoiceFilter(
        label=_("When"), method="by_time", empty_label=_("Upcoming"), choices=[("past", _("Past")), ("all", _("All"))]
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Event
        fields = ["q", "type", "domain", "when"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("when"):
            queryset = queryset.filter(end__gte=timezone.now())
        return queryset

    def by_time(self, queryset, name, value):
        if value == "past":
            return queryset.filter(end__lt=timezone.now()).order_by("-start")
        return queryset

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value) | queryset.filter(description__icontains=value)


def _name_or_organisation(queryset, name, value):
    return queryset.filter(Q(person__full_name__icontains=value) | Q(organisation__name__icontains=value))


class CheckInFilter(django_filters.FilterSet):
    """The check-in desk: find a person by name or organisation, or list who is still to come."""

    q = django_filters.CharFilter(
        label=_("Name or organisation"), method=_name_or_organisation, widget=forms.TextInput(attrs={"autofocus": True})
    )
    attendance = django_filters.ChoiceFilter(
        label=_("Checked in"),
        method="by_attendance",
        empty_label=_("everyone"),
        choices=[("unmarked", _("not yet marked")), ("present", _("present")), ("absent", _("absent"))],
    )

    class Meta:
        model = Registration
        fields = ["q", "attendance"]

    def by_attendance(self, queryset, name, value):
        return queryset.filter(attended={"unmarked": None, "present": True, "absent": False}[value])


class RegistrationFilter(django_filters.FilterSet):
    """The organisers' list of registrations: by name or organisation, and by status."""

    q = django_filters.CharFilter(label=_("Name or organisation"), method=_name_or_organisation)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("registered and waiting"),
        choices=[(RegistrationStatus.REGISTERED, _("registered")), (RegistrationStatus.WAITLISTED, _("waiting list"))],
    )

    class Meta:
        model = Registration
        fields = ["q", "status"]
