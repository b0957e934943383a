"""/api/v1/: each app's resources gathered on one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from bsrstars.accounts.api import MeView
from events.api import EventViewSet, MyMeetingRequestViewSet, MyRegistrationViewSet
from policy.api import PublishedBriefViewSet
from regions.api import KPIView, RegionProfileViewSet, RegionViewSet, S3DomainViewSet, StatisticViewSet
from smes.api import DirectoryViewSet, MembershipRequestViewSet, MyOrganisationViewSet


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
router.register("organisations", DirectoryViewSet, basename="organisation")
router.register("my-organisations", MyOrganisationViewSet, basename="my-organisation")
router.register("membership-requests", MembershipRequestViewSet, basename="membership-request")
router.register("policy-briefs", PublishedBriefViewSet, basename="policy-brief")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("kpis/", KPIView.as_view(), name="kpis"),
    path("", include(router.urls)),
]
