import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from bsrstars.forms import country_choices
from regions.models import S3Domain

from . import selectors
from .models import Facility, ProcessType, Scale, Unit


class DateInput(forms.DateInput):
    input_type = "date"


@extend_schema_field(OpenApiTypes.STR)
class CountryFilter(django_filters.ChoiceFilter):
    """Country names built per request in the reader's language; the API documents the ISO code."""


class CatalogueFilter(django_filters.FilterSet):
    """The catalogue's search, on the page and in the API: capability, domain, country, scale,
    words, and "free for N days between two dates" by the booking rule."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    process_type = django_filters.ChoiceFilter(label=_("Capability"), choices=ProcessType.choices)
    scale = django_filters.ChoiceFilter(label=_("Scale"), choices=Scale.choices)
    domain = django_filters.ModelChoiceFilter(
        label=_("S3 domain"),
        field_name="domains",
        queryset=S3Domain.objects.order_by("code"),
        to_field_name="code",
    )
    country = CountryFilter(label=_("Country"), field_name="facility__country", choices=country_choices)
    free_from = django_filters.DateFilter(label=_("Free between"), method="no_op", widget=DateInput())
    free_until = django_filters.DateFilter(label=_("and"), method="no_op", widget=DateInput())
    free_days = django_filters.NumberFilter(label=_("for days in a row"), method="no_op", min_value=1, max_value=365)

    class Meta:
        model = Unit
        fields = ["q", "process_type", "scale", "domain", "country", "free_from", "free_until", "free_days"]

    def no_op(self, queryset, name, value):
        return queryset  # the three availability fields work together, in filter_queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(feedstocks__icontains=value)
            | Q(facility__name__icontains=value)
            | Q(facility__description__icontains=value)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        first, last, days = data.get("free_from"), data.get("free_until"), data.get("free_days")
        if first and last and days:
            free = selectors.free_unit_ids(queryset, first_day=first, last_day=last, days=int(days))
            queryset = queryset.filter(pk__in=free)
        return queryset.distinct() if data.get("domain") else queryset

    @property
    def availability_error(self) -> str:
        data = getattr(self.form, "cleaned_data", {}) or {}
        given = [data.get(k) for k in ("free_from", "free_until", "free_days")]
        if any(given) and not all(given):
            return str(_("Give both dates and the number of days to search by availability."))
        if all(given) and data["free_until"] < data["free_from"]:
            return str(_("The second date must not be before the first."))
        return ""


class FacilityFilter(CatalogueFilter):
    """Facilities with at least one unit the catalogue's filters find (same fields, same rule)."""

    domain = django_filters.CharFilter(label=_("S3 domain code"), method="no_op")  # checked by the unit filter

    class Meta:
        model = Facility
        fields = ["q", "process_type", "scale", "domain", "country", "free_from", "free_until", "free_days"]

    def _units(self) -> CatalogueFilter:
        if not hasattr(self, "_unit_filter"):
            self._unit_filter = CatalogueFilter(self.data, queryset=selectors.catalogue_units())
        return self._unit_filter

    def is_valid(self):
        return super().is_valid() and self._units().is_valid()

    @property
    def errors(self):
        return ErrorDict({**self.form.errors, **self._units().errors})

    def filter_queryset(self, queryset):
        if not any(value not in (None, "") for value in self.form.cleaned_data.values()):
            return queryset
        return queryset.filter(pk__in=[unit.facility_id for unit in self._units().qs])
