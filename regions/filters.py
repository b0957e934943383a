import django_filters

from .models import Region


class RegionFilter(django_filters.FilterSet):
    class Meta:
        model = Region
        fields = ["country", "level", "is_partner", "parent"]
