import django_filters
from django.utils.translation import gettext_lazy as _

from bsrstars.forms import country_choices
from regions.models import S3Domain

from .models import Application, ApplicationStatus, Call


class ApplicationFilter(django_filters.FilterSet):
    """The reviewers' list: by call, status, the company's country and S3 domain."""

    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=Call.objects.order_by("-opens_at"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT]
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="organisation__country", choices=country_choices
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("S3 domain"), field_name="domains", queryset=S3Domain.objects.order_by("code"), to_field_name="code"
    )

    class Meta:
        model = Application
        fields = ["call", "status", "country", "domain"]
