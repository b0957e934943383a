from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .rules import authority_region_codes, role_codes


class MembershipSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField(source="organisation.id")
    organisation = serializers.CharField(source="organisation.name")
    kind = serializers.CharField(source="organisation.kind")
    country = serializers.CharField(source="organisation.country")
    region = serializers.CharField(source="organisation.region.code", default=None, allow_null=True)
    is_admin = serializers.BooleanField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    timezone = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    authority_regions = serializers.ListField(child=serializers.CharField())
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """The caller: who they are, their roles (with region scope) and organisations."""

    permission_required = "accounts.use_api"
    serializer_class = MeSerializer

    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "timezone": user.timezone,
            "roles": sorted(role_codes(user)),
            "authority_regions": sorted(authority_region_codes(user)),
            "memberships": selectors.memberships_of(user),
        }
        return Response(MeSerializer(data).data)
