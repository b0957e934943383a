from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bsrstars import views

# The admin login goes through allauth's login (rate limits, verification) like every other login.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "BSR Stars S3 portal"


class SchemaView(SpectacularAPIView):
    """Signed-in people: the OpenAPI 3 schema."""

    permission_required = "accounts.use_api"


@method_decorator(views.docs_csp, name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """Signed-in people: Swagger UI over the schema, served from the sidecar package (no CDN), in
    a page of ours (language, title, contrast and keyboard fixes: templates/api_docs.html)."""

    permission_required = "accounts.use_api"
    template_name = "api_docs.html"


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", views.service_status, name="service_status"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("bsrstars.accounts.urls")),
    path("inbox/", include("bsrstars.notifications.urls")),
    path("downloads/", include("bsrstars.downloads.urls")),
    path("regions/", include("regions.urls")),
    path("smes/", include("smes.urls")),
    path("events/", include("events.urls")),
    path("coaching/", include("coaching.urls")),
    path("testbeds/", include("testbeds.urls")),
    path("policy/", include("policy.urls")),
    path("api/v1/", include("bsrstars.api")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
