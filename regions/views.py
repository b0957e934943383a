from django.http import Http404
from django.shortcuts import render

from bsrstars import kpis
from bsrstars.permissions import permission_required

from . import selectors
from .models import Region


@permission_required("regions.view_region")
def region_list(request):
    """Signed-in people: partner regions, then every country's NUTS tree."""
    context = {"partners": selectors.partner_regions(), "tree": selectors.region_tree()}
    return render(request, "regions/region_list.html", context)


def _region(request, code):
    try:
        return selectors.region_by_code(code.upper())
    except Region.DoesNotExist:
        raise Http404 from None


@permission_required("regions.view_region", fn=_region)
def region_detail(request, code):
    """Signed-in people: a region, its sub-regions and the programme's figures inside it."""
    region = _region(request, code)
    figures = []
    if request.user.has_perm("regions.view_programme_figures"):
        for provider in kpis.registry.providers():
            value = kpis.registry.compute(provider.code)
            figures.append((provider, value.for_region(region.code)))
    context = {"region": region, "children": selectors.children_of(region), "figures": figures}
    return render(request, "regions/region_detail.html", context)


@permission_required("regions.view_s3domain")
def domain_list(request):
    """Signed-in people: the S3 domain taxonomy with its NACE Rev.2 links."""
    return render(request, "regions/domain_list.html", {"tree": selectors.domain_tree()})


@permission_required("regions.view_programme_figures")
def programme_figures(request):
    """Partners, regional authorities, facilitators, programme admins: every registered KPI now."""
    values = kpis.registry.compute_all()
    countries = sorted({c for v in values.values() for c in v.by_country})
    rows = [
        (provider, values[provider.code], [values[provider.code].by_country.get(c, 0) for c in countries])
        for provider in kpis.registry.providers()
    ]
    return render(request, "regions/programme_figures.html", {"rows": rows, "countries": countries})
