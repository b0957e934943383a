"""API: the SME directory (same visibility as the pages), the caller's own organisations, and
membership requests."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from bsrstars import fragments
from bsrstars.accounts import membership
from bsrstars.accounts.models import MembershipRequest, MembershipRequestStatus, Organisation
from bsrstars.accounts.rules import is_programme_admin
from regions.nace import normalise_nace

from . import selectors, services
from .filters import SMEFilter
from .models import FOUNDING_YEAR_VALIDATORS

PRIVATE_FIGURES = ["employees", "annual_turnover_eur", "balance_sheet_total_eur"]
PRIVATE_CONTACT = ["contact_name", "contact_email", "contact_phone"]


class CompanySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    country = serializers.CharField(read_only=True)
    business_id = serializers.CharField(source="business_id_display", read_only=True)
    vat_number = serializers.CharField(source="sme_profile.vat_number", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    website = serializers.URLField(allow_blank=True, required=False)
    city = serializers.CharField(source="sme_profile.city")
    nace_code = serializers.CharField(source="sme_profile.nace_code")
    nace_section = serializers.CharField(source="sme_profile.nace_section", read_only=True)
    size_class = serializers.CharField(source="sme_profile.size_class", read_only=True)
    eligible_sme = serializers.SerializerMethodField()
    s3_domains = serializers.SerializerMethodField()
    founding_year = serializers.IntegerField(source="sme_profile.founding_year", validators=FOUNDING_YEAR_VALIDATORS)
    description = serializers.CharField(source="sme_profile.description")
    offers = serializers.CharField(source="sme_profile.offers", allow_blank=True, required=False)
    needs = serializers.CharField(source="sme_profile.needs", allow_blank=True, required=False)
    employees = serializers.IntegerField(source="sme_profile.employees", min_value=0)
    annual_turnover_eur = serializers.DecimalField(
        source="sme_profile.annual_turnover_eur", max_digits=15, decimal_places=0, min_value=0
    )
    balance_sheet_total_eur = serializers.DecimalField(
        source="sme_profile.balance_sheet_total_eur", max_digits=15, decimal_places=0, min_value=0
    )
    contact_name = serializers.CharField(source="sme_profile.contact_name")
    contact_email = serializers.EmailField(source="sme_profile.contact_email")
    contact_phone = serializers.CharField(source="sme_profile.contact_phone", allow_blank=True, required=False)

    def get_fields(self):
        fields = super().get_fields()
        for name in PRIVATE_FIGURES + PRIVATE_CONTACT:
            fields[name].hidden_as_null = True  # documented as nullable in responses (api_schema)
        return fields

    def get_eligible_sme(self, organisation) -> bool:
        return services.is_eligible_sme(organisation)

    def get_s3_domains(self, organisation) -> list[str]:
        return [d.code for d in organisation.sme_profile.s3_domains.all()]

    def to_representation(self, organisation):
        data = super().to_representation(organisation)
        user = self.context["request"].user
        profile = organisation.sme_profile
        private = selectors.shows_private(user, organisation)
        hidden = ([] if private or profile.figures_public else PRIVATE_FIGURES) + (
            [] if private or profile.contact_public else PRIVATE_CONTACT
        )
        for field in hidden:
            data[field] = None
        return data

    def validate_nace_code(self, value):
        try:
            return normalise_nace(value)[0]
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class DirectoryViewSet(fragments.KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Registered SMEs. Figures and contact details a company keeps private are null unless
    you are its member, a facilitator or a programme admin. Filters as on the directory page."""

    serializer_class = CompanySerializer
    filterset_class = SMEFilter
    permission_required = "smes.view_directory"
    kept_models = (
        "accounts.Organisation",
        "smes.SMEProfile",
        "smes.SMEProfile.s3_domains",
        "smes.SMEProfile.offer_domains",
        "smes.SMEProfile.need_domains",
        "regions.Region",
        "regions.S3Domain",
    )

    def kept_scope(self) -> str:
        return selectors.private_scope(self.request.user)

    def get_queryset(self):
        return selectors.directory()


class MyOrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The caller's own companies; their admin members may update the profile (PATCH)."""

    serializer_class = CompanySerializer
    permission_required = "smes.view_directory"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Organisation.objects.none()
        return selectors.directory().filter(memberships__user=self.request.user)

    def perform_update(self, serializer):
        organisation = serializer.instance
        if not self.request.user.has_perm("smes.change_smeprofile", organisation):
            raise PermissionDenied(_("Only the company's admin members may change it."))
        data = serializer.validated_data
        profile = dict(data.get("sme_profile", {}))
        try:
            services.update_company(
                organisation=organisation,
                name=data.get("name", organisation.name),
                region=organisation.region,
                website=data.get("website", organisation.website),
                profile=profile,
            )
        except DjangoValidationError as exc:
            raise APIValidationError(services.validation_messages(exc)) from None


class MembershipRequestSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    person = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = MembershipRequest
        fields = ["id", "organisation", "person", "message", "status", "created_at", "decided_at"]
        read_only_fields = ["status", "created_at", "decided_at"]


class MembershipRequestViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Your own requests to join organisations, and the pending requests to organisations you
    administer. POST to ask to join; POST .../approve/ or .../decline/ to decide."""

    serializer_class = MembershipRequestSerializer
    permission_required = "accounts.use_api"
    lookup_value_regex = "[0-9]+"  # ids are integers: anything else matches no URL (404)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return MembershipRequest.objects.none()
        user = self.request.user
        mine = MembershipRequest.objects.filter(user=user)
        if is_programme_admin(user):
            to_decide = MembershipRequest.objects.filter(status=MembershipRequestStatus.PENDING)
        else:
            to_decide = MembershipRequest.objects.filter(
                status=MembershipRequestStatus.PENDING,
                organisation__memberships__user=user,
                organisation__memberships__is_admin=True,
            )
        return (mine | to_decide).distinct().select_related("user", "organisation").order_by("-created_at")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            created = membership.request_membership(
                organisation=serializer.validated_data["organisation"],
                user=request.user,
                message=serializer.validated_data.get("message", ""),
            )
        except DjangoValidationError as exc:
            raise APIValidationError(exc.messages) from None
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, pk, approve):
        membership_request = get_object_or_404(MembershipRequest.objects.select_related("organisation"), pk=pk)
        if not request.user.has_perm("accounts.manage_members", membership_request.organisation):
            raise PermissionDenied(_("Only the organisation's admin members decide."))
        try:
            decided = membership.decide_membership_request(
                request=membership_request, approve=approve, decided_by=request.user
            )
        except DjangoValidationError as exc:
            raise APIValidationError(exc.messages) from None
        return Response(self.get_serializer(decided).data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, format=None):
        return self._decide(request, pk, True)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None, format=None):
        return self._decide(request, pk, False)
