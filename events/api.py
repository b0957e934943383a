"""API: events, and the caller's own registrations, meeting requests and agenda."""

from datetime import UTC

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bsrstars import fragments

from . import selectors
from .filters import EventFilter
from .models import Event, MeetingRequest, Registration


class EventSerializer(serializers.ModelSerializer):
    target_domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    places_taken = serializers.IntegerField(source="registered", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "type",
            "description",
            "venue",
            "online_url",
            "timezone",
            "start",
            "end",
            "registration_opens",
            "registration_closes",
            "capacity",
            "places_taken",
            "target_domains",
            "schedule_published_at",
        ]


class AgendaRowSerializer(serializers.Serializer):
    start = serializers.DateTimeField(default_timezone=UTC)
    end = serializers.DateTimeField(default_timezone=UTC)
    table = serializers.IntegerField()
    partner = serializers.CharField(help_text="The person you meet.")
    organisation = serializers.CharField(help_text="Their organisation.")


class EventViewSet(fragments.KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Published events (and drafts you organise). Filters as on the events page."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    permission_required = "events.view_event_list"
    kept_models = (
        "events.Event",
        "events.Registration",
        "events.EventOrganiser",
        "events.Event.target_domains",
        "regions.S3Domain",
        "accounts.User",
    )
    kept_seconds = 60  # "upcoming" (the default filter) moves with the clock

    def kept_scope(self) -> str:
        return selectors.catalogue_scope(self.request.user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return selectors.events_for(self.request.user)

    def filter_queryset(self, queryset):
        # The filters (and their "upcoming" default) choose what the list shows; a detail
        # request names its event, past or not, so only the caller's visibility applies.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    @extend_schema(responses=AgendaRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def agenda(self, request, pk=None, format=None):
        """Your meetings at this event, once the schedule is published (times in UTC, ISO 8601)."""
        event = self.get_object()
        registration = selectors.registration_of(request.user, event)
        if not registration or not event.schedule_published_at:
            return Response([])
        rows = [
            {
                "start": row["start"],
                "end": row["end"],
                "table": row["table"],
                "partner": row["partner"].person.get_full_name(),
                "organisation": row["partner"].organisation.name,
            }
            for row in selectors.agenda_rows(event, registration)
        ]
        return Response(AgendaRowSerializer(rows, many=True).data)


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Registration
        fields = ["id", "event", "organisation", "status", "created_at", "attended"]


class MyRegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your own registrations."""

    serializer_class = RegistrationSerializer
    permission_required = "events.view_event_list"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return Registration.objects.filter(person=self.request.user).select_related("organisation").order_by("-pk")


class MeetingRequestSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.organisation.name")
    recipient = serializers.CharField(source="recipient.organisation.name")

    class Meta:
        model = MeetingRequest
        fields = ["id", "event", "sender", "recipient", "message", "priority", "status", "created_at"]


class MyMeetingRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Meeting requests you sent or received (nobody else's)."""

    serializer_class = MeetingRequestSerializer
    permission_required = "events.view_event_list"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeetingRequest.objects.none()
        # The person's registrations first (a few rows, by the person index), then their requests
        # by the sender and recipient indexes: an OR across the two joins would scan every request.
        mine = list(Registration.objects.filter(person=self.request.user).order_by().values_list("pk", flat=True))
        return (
            MeetingRequest.objects.filter(Q(sender_id__in=mine) | Q(recipient_id__in=mine))
            .select_related("sender__organisation", "recipient__organisation")
            .order_by("-pk")
        )
