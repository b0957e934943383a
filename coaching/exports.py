"""The reviewers' applications export (CSV/XLSX, with the review list's filters) through
bsrstars.downloads: up to EXPORT_INLINE_ROWS rows in the request, more in a worker."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from bsrstars.downloads import registry

from . import selectors
from .filters import ApplicationFilter

APPLICATIONS = "coaching.applications"


def params_of(request) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    return {"query": query.urlencode()}


def _applications(params):
    data = QueryDict(params.get("query", ""))
    return ApplicationFilter(data or None, queryset=selectors.applications_for_review()).qs


def register() -> None:
    registry.register(
        registry.Export(
            kind=APPLICATIONS,
            title=lambda params: _("Coaching applications"),
            filename=lambda params: "coaching-applications",
            allowed=lambda user, params: user.has_perm("coaching.review"),
            rows=lambda user, params: selectors.review_export_rows(_applications(params)),
            count=lambda user, params: _applications(params).count(),
            sheet="Applications",
            back_url=lambda params: reverse("coaching:review") + (f"?{params['query']}" if params.get("query") else ""),
        )
    )
