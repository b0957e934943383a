"""/api/v1/: each app's resources gathered on one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from bsrstars.accounts.api import MeView
from coaching import api as coaching_api
from events.api import EventViewSet, MyMeetingRequestViewSet, MyRegistrationViewSet
from policy.api import PublishedBriefViewSet
from regions.api import KPIView, RegionProfileViewSet, RegionViewSet, S3DomainViewSet, StatisticViewSet
from smes.api import DirectoryViewSet, MembershipRequestViewSet, MyOrganisationViewSet
from testbeds import api as testbeds_api


class APIRootView(DefaultRouter.APIRootView):
    """The portal's API. Session or token authentication (Authorization: Token <key>)."""

    permission_required = "accounts.use_api"


router = DefaultRouter()
router.APIRootView = APIRootView
router.register("regions", RegionViewSet, basename="region")
router.register("s3-domains", S3DomainViewSet, basename="s3domain")
router.register("region-profiles", RegionProfileViewSet, basename="region-profile")
router.register("statistics", StatisticViewSet, basename="statistic")
router.register("events", EventViewSet, basename="event")
router.register("my-registrations", MyRegistrationViewSet, basename="my-registration")
router.register("my-meeting-requests", MyMeetingRequestViewSet, basename="my-meeting-request")
router.register("coaching-calls", coaching_api.CallViewSet, basename="coaching-call")
router.register("my-coaching-applications", coaching_api.MyApplicationViewSet, basename="my-coaching-application")
router.register("my-coaching-plans", coaching_api.MyPlanViewSet, basename="my-coaching-plan")
router.register("coach-assignments", coaching_api.CoachAssignmentViewSet, basename="coach-assignment")
router.register("organisations", DirectoryViewSet, basename="organisation")
router.register("my-organisations", MyOrganisationViewSet, basename="my-organisation")
router.register("membership-requests", MembershipRequestViewSet, basename="membership-request")
router.register("test-facilities", testbeds_api.FacilityViewSet, basename="test-facility")
router.register("test-facility-units", testbeds_api.UnitViewSet, basename="test-facility-unit")
router.register("my-access-applications", testbeds_api.MyApplicationViewSet, basename="my-access-application")
router.register("test-facility-bookings", testbeds_api.BookingViewSet, basename="test-facility-booking")
router.register("policy-briefs", PublishedBriefViewSet, basename="policy-brief")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("kpis/", KPIView.as_view(), name="kpis"),
    path("", include(router.urls)),
]
