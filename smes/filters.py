import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from bsrstars.accounts.models import Organisation
from regions.models import Region
from regions.nace import SECTION_CHOICES
from regions.selectors import domain_choices

from . import search
from .models import SMEProfile
from .sizing import SizeClass

PROGRAMME_COUNTRIES = [
    ("SE", _("Sweden")),
    ("DK", _("Denmark")),
    ("FI", _("Finland")),
    ("LT", _("Lithuania")),
    ("NO", _("Norway")),
]


def region_choices():
    regions = Region.objects.filter(level__in=[2, 3]).order_by("code").values_list("code", "name")
    return [(code, f"{name} ({code})") for code, name in regions]


class SMEFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name, description, offers and needs.")
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=PROGRAMME_COUNTRIES)
    # Choices from (code, name) rows, not model instances: the directory renders these selects on
    # every request (114 regions), and building a model object per option was a third of the page.
    region = django_filters.ChoiceFilter(label=_("Region"), choices=region_choices, method="in_region")
    domain = django_filters.ChoiceFilter(label=_("S3 domain"), choices=domain_choices, method="in_domain")
    size_class = django_filters.ChoiceFilter(
        label=_("Size"), field_name="sme_profile__size_class", choices=SizeClass.choices
    )
    nace_section = django_filters.ChoiceFilter(
        label=_("NACE section"), field_name="sme_profile__nace_section", choices=SECTION_CHOICES
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("country", "country"),
            ("sme_profile__founding_year", "founded"),
            ("created_at", "registered"),
        ),
        field_labels={
            "name": _("Name"),
            "country": _("Country"),
            "sme_profile__founding_year": _("Founding year"),
            "created_at": _("Registration date"),
            # django-filter builds the descending labels at import, in English: name them here.
            "-name": _("Name (descending)"),
            "-country": _("Country (descending)"),
            "-founded": _("Founding year (descending)"),
            "-registered": _("Registration date (descending)"),
        },
    )

    class Meta:
        model = Organisation
        fields = ["q", "country", "region", "domain", "size_class", "nace_section"]

    def search(self, queryset, name, value: str):
        return search.search(queryset, value)

    @extend_schema_field(OpenApiTypes.STR)  # the NUTS code
    def in_region(self, queryset, name, code: str):
        return queryset.filter(region__code__startswith=code)

    @extend_schema_field(OpenApiTypes.STR)  # the S3 domain code
    def in_domain(self, queryset, name, code: str):
        # A top-level domain (BIO) also finds companies tagged with its sub-domains (BIO.FOOD).
        # An id subquery, not a join: no DISTINCT over the directory's wide rows.
        tagged = SMEProfile.s3_domains.through.objects.filter(
            Q(s3domain__code=code) | Q(s3domain__code__startswith=f"{code}.")
        ).values("smeprofile_id")
        return queryset.filter(pk__in=tagged)
