import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import S3Domain

from .models import Event, EventType


class EventFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=EventType.choices)
    domain = django_filters.ModelChoiceFilter(
        label=_("S3 domain"),
        field_name="target_domains",
        queryset=S3Domain.objects.order_by("code"),
        to_field_name="code",
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
