from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from . import dashboard
from .filters import RegionFilter
from .models import Region, RegionalStatistic, RegionProfile, S3Domain


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "level", "name", "country", "parent", "is_partner"]


class S3DomainSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

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


class PriorityField(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    strength = serializers.IntegerField()
    domains = serializers.SerializerMethodField()
    nace_codes = serializers.ListField(child=serializers.CharField())

    def get_domains(self, priority) -> list[str]:
        return [d.code for d in priority.domains.all()]


class RegionProfileSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    needs = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    priorities = PriorityField(many=True, read_only=True)

    class Meta:
        model = RegionProfile
        fields = ["region", "summary", "strategy_url", "needs", "priorities", "updated_at"]


class RegionProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions' smart-specialisation profiles (read)."""

    queryset = (
        RegionProfile.objects.select_related("region")
        .prefetch_related("needs", "priorities__domains")
        .order_by("region__code")
    )
    serializer_class = RegionProfileSerializer
    lookup_field = "region__code"
    lookup_url_kwarg = "code"
    permission_required = "regions.view_region"


class StatisticSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    indicator = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(source="indicator.unit")

    class Meta:
        model = RegionalStatistic
        fields = ["region", "indicator", "unit", "year", "value", "source"]


class StatisticViewSet(viewsets.ReadOnlyModelViewSet):
    """Regional statistics (read). Filter by region (code), indicator (code) and year."""

    serializer_class = StatisticSerializer
    permission_required = "regions.view_region"
    filterset_fields = {"region__code": ["exact", "startswith"], "indicator__code": ["exact"], "year": ["exact"]}

    def get_queryset(self):
        return RegionalStatistic.objects.select_related("region", "indicator").order_by(
            "region__code", "indicator__code", "year"
        )


class KPISerializer(serializers.Serializer):
    code = serializers.CharField(source="definition.code")
    name = serializers.CharField(source="definition.name")
    unit = serializers.CharField(source="definition.unit")
    kind = serializers.CharField(source="definition.kind")
    baseline = serializers.DecimalField(source="definition.baseline", max_digits=12, decimal_places=2)
    milestone = serializers.DecimalField(
        source="definition.milestone", max_digits=12, decimal_places=2, allow_null=True
    )
    target = serializers.DecimalField(source="definition.target", max_digits=12, decimal_places=2, allow_null=True)
    measured = serializers.BooleanField()
    current = serializers.FloatField(allow_null=True)  # null while a KPI is not measured
    previously_reported = serializers.DecimalField(source="previous", max_digits=14, decimal_places=2, allow_null=True)
    by_region = serializers.SerializerMethodField()
    by_country = serializers.DictField(child=serializers.FloatField())
    history = serializers.SerializerMethodField()

    def get_by_region(self, row) -> dict[str, float]:
        return {f.region.code: f.value for f in row.regions}

    def get_history(self, row) -> list[dict]:
        return [{"month": month, "value": value} for month, value in row.history]


@extend_schema_view(get=extend_schema(responses=KPISerializer(many=True)))
class KPIView(APIView):
    """The programme's KPIs with current values and breakdowns, scoped like the dashboard: every
    partner region (and an authority's own regions) for everyone who may see the dashboard."""

    permission_required = "regions.view_dashboard"
    serializer_class = KPISerializer

    def get(self, request):
        rows, _regions = dashboard.build(request.user)
        return Response(KPISerializer(rows, many=True).data)
