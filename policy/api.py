"""API: published policy briefs with their versions, summary, recommendations and download link.

Every published brief is listed (as on the public page); `can_download` says whether the caller
may fetch its PDF, and the download link checks permission on every request like the page does."""

import rules
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from .models import Brief, BriefVersion, Recommendation, VersionStatus


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["text", "level", "addressee"]


class PublishedVersionSerializer(serializers.ModelSerializer):
    recommendations = RecommendationSerializer(many=True, read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BriefVersion
        fields = [
            "number",
            "title",
            "summary",
            "language",
            "scope",
            "published_at",
            "snapshot_taken_at",
            "change_note",
            "recommendations",
            "download_url",
        ]

    def get_download_url(self, version) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("policy:download", args=[version.brief_id, version.number])
        )


class BriefSerializer(serializers.ModelSerializer):
    latest = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    can_download = serializers.SerializerMethodField()
    organisation = serializers.StringRelatedField()

    class Meta:
        model = Brief
        fields = ["id", "organisation", "is_public", "can_download", "latest", "versions"]

    def _published(self, brief):
        return list(brief.versions.all())  # prefetched: published only, newest first

    @extend_schema_field(PublishedVersionSerializer)
    def get_latest(self, brief):
        versions = self._published(brief)
        return PublishedVersionSerializer(versions[0], context=self.context).data if versions else None

    @extend_schema_field(PublishedVersionSerializer(many=True))
    def get_versions(self, brief):
        return PublishedVersionSerializer(self._published(brief), many=True, context=self.context).data

    def get_can_download(self, brief) -> bool:
        versions = self._published(brief)
        user = self.context["request"].user
        return bool(versions) and rules.has_perm("policy.download_version", user, versions[0])


class PublishedBriefViewSet(viewsets.ReadOnlyModelViewSet):
    """Published policy briefs, newest first: every published version with its recommendations."""

    serializer_class = BriefSerializer
    permission_required = "accounts.use_api"

    def get_queryset(self):
        published = (
            BriefVersion.objects.filter(status=VersionStatus.PUBLISHED)
            .select_related("brief")
            .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "pk")))
            .order_by("-number")
        )
        return (
            Brief.objects.filter(versions__status=VersionStatus.PUBLISHED)
            .distinct()
            .select_related("organisation")
            .prefetch_related(Prefetch("versions", queryset=published))
            .order_by("-created_at", "-pk")
        )
