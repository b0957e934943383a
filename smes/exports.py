"""The SME directory export (CSV/XLSX, with the directory's filters), through bsrstars.downloads:
up to EXPORT_INLINE_ROWS rows in the request, more in a worker that streams them to a file."""

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.downloads import registry

from . import selectors
from .filters import SMEFilter

DIRECTORY = "smes.directory"


def params_of(request) -> dict:
    """What the worker needs to run the same filtered export: the filter's query string."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"query": query.urlencode()}


def _companies(user, params):
    data = QueryDict(params.get("query", ""))
    return SMEFilter(data or None, queryset=selectors.exportable(user)).qs


def _filename(params) -> str:
    return f"bsr-stars-smes-{timezone.localtime().strftime('%Y%m%d-%H%M')}"


def register() -> None:
    registry.register(
        registry.Export(
            kind=DIRECTORY,
            title=lambda params: _("SME directory"),
            filename=_filename,
            allowed=lambda user, params: user.has_perm("smes.export_directory"),
            rows=lambda user, params: selectors.export_rows(user, _companies(user, params)),
            count=lambda user, params: _companies(user, params).count(),
            sheet="SMEs",
            back_url=lambda params: reverse("smes:directory") + (f"?{params['query']}" if params.get("query") else ""),
        )
    )
