from rest_framework import serializers, viewsets

from .filters import RegionFilter
from .models import Region, S3Domain


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "level", "name", "country", "parent", "is_partner"]


class S3DomainSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = S3Domain
        fields = ["code", "parent", "name", "description", "nace_codes"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """NUTS 2021 regions of the programme countries. Filter by country, level, is_partner."""

    queryset = Region.objects.select_related("parent").order_by("code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"
    permission_required = "regions.view_region"


class S3DomainViewSet(viewsets.ReadOnlyModelViewSet):
    """The S3 domain taxonomy (a tree; `parent` is the parent's code)."""

    queryset = S3Domain.objects.select_related("parent").order_by("code")
    serializer_class = S3DomainSerializer
    filterset_fields = ["parent"]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"  # domain codes contain dots (BIO.BLUE)
    permission_required = "regions.view_s3domain"
