"""API: the catalogue (with its filters, availability included), the caller's access
applications (read, create a draft, submit) and the bookings the caller may see. Same
services, selectors and permission predicates as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from bsrstars.accounts.models import Organisation

from . import selectors, services
from .filters import CatalogueFilter, FacilityFilter
from .models import AccessApplication, Booking, Facility, Unit, VoucherCall


class UnitSerializer(serializers.ModelSerializer):
    facility = serializers.PrimaryKeyRelatedField(read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    country = serializers.CharField(source="facility.country.code", read_only=True)
    domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "facility",
            "facility_name",
            "country",
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


class FacilitySerializer(serializers.ModelSerializer):
    operator = serializers.CharField(source="operator.name", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Facility
        fields = [
            "id",
            "name",
            "operator",
            "country",
            "region",
            "description",
            "website",
            "access_conditions",
            "timezone",
            "units",
        ]


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Bookable units. Filters as in the catalogue: q, process_type, scale, domain (S3 code),
    country, and free_from + free_until + free_days (dates, days in a row) for availability."""

    serializer_class = UnitSerializer
    filterset_class = CatalogueFilter
    permission_required = "testbeds.view_prices"

    def get_queryset(self):
        return selectors.catalogue_units()


class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    """Test and demonstration facilities with their units' ids; the catalogue's filters (availability
    included) find the facilities with at least one matching unit."""

    serializer_class = FacilitySerializer
    permission_required = "testbeds.view_prices"
    filterset_class = FacilityFilter

    def get_queryset(self):
        return selectors.facilities()


class AccessApplicationSerializer(serializers.ModelSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=VoucherCall.objects.all())
    company = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind="sme"))
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all())
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True)

    class Meta:
        model = AccessApplication
        fields = [
            "id",
            "call",
            "company",
            "facility",
            "units",
            "project_description",
            "expected_results",
            "desired_start",
            "desired_end",
            "duration_days",
            "requested_amount",
            "de_minimis_declared",
            "de_minimis_received",
            "status",
            "submitted_at",
            "proposed_start",
            "proposed_end",
            "proposed_price",
            "operator_comment",
            "granted_amount",
            "decision_reason",
        ]
        read_only_fields = [
            "status",
            "submitted_at",
            "proposed_start",
            "proposed_end",
            "proposed_price",
            "operator_comment",
            "granted_amount",
            "decision_reason",
        ]


def _api_error(exc: DjangoValidationError) -> APIValidationError:
    return APIValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class MyApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Your companies' access applications. POST creates a draft (checked as at submission);
    POST .../submit/ submits it to the facility's operator."""

    serializer_class = AccessApplicationSerializer

    @property
    def permission_required(self):
        return "testbeds.apply" if self.action == "create" else "testbeds.view_own_applications"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return AccessApplication.objects.none()
        return selectors.applications_of_user(self.request.user).order_by("-pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            application = services.save_draft(
                applicant=request.user,
                company=data.pop("company"),
                call=data.pop("call"),
                facility=data.pop("facility"),
                units=data.pop("units"),
                **data,
            )
        except DjangoValidationError as exc:
            raise _api_error(exc) from None
        return Response(self.get_serializer(application).data, status=201)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft; the facility's operators are asked to review it."""
        application = self.get_object()
        if not request.user.has_perm("testbeds.change_application", application):
            raise PermissionDenied(_("Only a draft of your own company can be submitted."))
        try:
            application = services.submit_application(application=application, by=request.user)
        except DjangoValidationError as exc:
            raise _api_error(exc) from None
        return Response(self.get_serializer(application).data)


class BookingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    facility = serializers.IntegerField(source="unit.facility_id", read_only=True)
    company = serializers.CharField(source="application.company.name", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "unit", "unit_name", "facility", "application", "company", "start", "end", "status"]


class BookingViewSet(viewsets.ReadOnlyModelViewSet):
    """Bookings you may see: your companies' and, for operators, their facilities' (times in UTC)."""

    serializer_class = BookingSerializer
    permission_required = "accounts.use_api"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Booking.objects.none()
        return selectors.visible_bookings(self.request.user)
