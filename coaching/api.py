"""API: coaching calls, the caller's applications (create a draft, submit), the caller's coaching
plans, and a coach's assignments and sessions (log a session). Same services, selectors and
permission predicates as the pages. Private coach notes appear only in the coach's own
assignments resource, never in the company's."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.response import Response

from bsrstars.accounts.models import Organisation
from regions.models import S3Domain

from . import selectors, services
from .models import NEEDS, Application, Assignment, Call, CoachingSession, Goal, PlanTask, SessionMode


def _api_error(exc: DjangoValidationError):
    return APIValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class CallSerializer(serializers.ModelSerializer):
    target_domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "description",
            "timezone",
            "opens_at",
            "closes_at",
            "places",
            "hours_allowance",
            "target_domains",
            "is_open",
        ]

    def get_is_open(self, call) -> bool:
        return call.is_open()


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Coaching calls: open, upcoming and closed."""

    serializer_class = CallSerializer
    permission_required = "coaching.view_call_list"

    def get_queryset(self):
        return selectors.calls().order_by("-opens_at", "pk")


class StatusChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()


class CoachingApplicationSerializer(serializers.ModelSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind="sme"))
    domains = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=S3Domain.objects.all(), required=False
    )
    target_countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=5), required=False)
    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "organisation",
            "status",
            "challenge",
            "target_countries",
            "domains",
            "expertise_wanted",
            "languages",
            *[name for name, _label in NEEDS],
            "submitted_at",
            "history",
        ]
        read_only_fields = ["status", "submitted_at"]
        validators = []  # the service says "applied already" in words, and the database holds the rule

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["target_countries"] = [str(c) for c in instance.target_countries]
        return data


class MyApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Applications of the companies you belong to. POST creates a draft (all fields but call and
    organisation optional); POST .../submit/ submits a complete draft (final)."""

    serializer_class = CoachingApplicationSerializer

    @property
    def permission_required(self):
        return "coaching.apply" if self.action in ("create", "submit") else "coaching.view_my_applications"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.applications_of(self.request.user).prefetch_related("status_changes")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        call, organisation = data.pop("call"), data.pop("organisation")
        try:
            application = services.save_draft(call=call, organisation=organisation, by=request.user, **data)
        except DjangoValidationError as exc:
            raise _api_error(exc) from None
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        if not request.user.has_perm("coaching.change_application", application):
            raise PermissionDenied(_("Only the company's members submit its application."))
        try:
            application = services.submit_application(application=application, by=request.user)
        except DjangoValidationError as exc:
            raise _api_error(exc) from None
        return Response(self.get_serializer(selectors.application_detail(application.pk)).data)


class TaskSerializer(serializers.ModelSerializer):
    goal = serializers.PrimaryKeyRelatedField(read_only=True)
    comments = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)

    class Meta:
        model = PlanTask
        fields = ["id", "title", "goal", "owner", "due_date", "status", "comments"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "title", "description"]


class SharedSessionSerializer(serializers.ModelSerializer):
    """A session as the company sees it: no private notes."""

    class Meta:
        model = CoachingSession
        fields = ["id", "start", "end", "duration_minutes", "mode", "summary", "status", "dispute_reason"]


class CoachSessionSerializer(SharedSessionSerializer):
    """A session as its coach sees it, with their private notes."""

    class Meta(SharedSessionSerializer.Meta):
        fields = [*SharedSessionSerializer.Meta.fields, "private_notes"]


class PlanSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="application.organisation.name")
    call = serializers.CharField(source="application.call.title")
    coach = serializers.CharField(source="coach.user.get_full_name")
    goals = GoalSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    used_minutes = serializers.IntegerField(read_only=True)
    confirmed_minutes = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "company",
            "call",
            "coach",
            "transnational",
            "allowance_minutes",
            "used_minutes",
            "confirmed_minutes",
            "closed_at",
            "goals",
            "tasks",
        ]


class CompanyPlanSerializer(PlanSerializer):
    sessions = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sessions"]

    def get_sessions(self, assignment) -> list[dict]:
        return SharedSessionSerializer(assignment.sessions.all(), many=True).data


class MyPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The coaching plans of the companies you belong to: goals, tasks, hours and sessions
    (summaries only; a coach's private notes are never part of it)."""

    serializer_class = CompanyPlanSerializer
    permission_required = "coaching.view_my_applications"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        return (
            selectors.assignments()
            .filter(application__organisation__memberships__user=self.request.user)
            .prefetch_related(
                "goals",
                "tasks__comments",
                _shared_sessions(),
            )
            .order_by("-assigned_at", "pk")
        )


def _shared_sessions():
    from django.db.models import Prefetch

    return Prefetch("sessions", queryset=CoachingSession.objects.defer("private_notes").order_by("-start"))


class LogSessionSerializer(serializers.Serializer):
    day = serializers.DateField()
    start_time = serializers.TimeField()
    duration_minutes = serializers.IntegerField(max_value=600)  # as the page's form
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    summary = serializers.CharField(max_length=4000)
    private_notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class CoachAssignmentSerializer(PlanSerializer):
    sessions = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sessions"]

    def get_sessions(self, assignment) -> list[dict]:
        return CoachSessionSerializer(assignment.sessions.all(), many=True).data


class CoachAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Your assignments as a coach, with their sessions (and your private notes). POST
    .../sessions/ logs a session (date and time in the company's time zone)."""

    serializer_class = CoachAssignmentSerializer
    permission_required = "coaching.view_my_assignments"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        from django.db.models import Prefetch

        return selectors.assignments_of_coach(self.request.user).prefetch_related(
            "goals", "tasks__comments", Prefetch("sessions", queryset=CoachingSession.objects.order_by("-start"))
        )

    @action(detail=True, methods=["post"], serializer_class=LogSessionSerializer)
    def sessions(self, request, pk=None):
        assignment = get_object_or_404(Assignment, pk=pk)
        if not request.user.has_perm("coaching.log_session", assignment):
            raise PermissionDenied(_("Only the assigned coach logs sessions."))
        serializer = LogSessionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            session = services.log_session(assignment=assignment, by=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _api_error(exc) from None
        return Response(CoachSessionSerializer(session).data, status=status.HTTP_201_CREATED)
