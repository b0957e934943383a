from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsrstars import charts, kpis
from bsrstars.downloads import views as downloads
from bsrstars.forms import ImportUploadForm
from bsrstars.imports import ImportStatus, own_batch
from bsrstars.permissions import permission_required

from . import complementarity, dashboard, exports, selectors, services
from .forms import ContactFormSet, PolicyLearningForm, PriorityFormSet, ProfileForm, StructuralForm
from .models import (
    PolicyLearningActivity,
    ProfileRevision,
    Region,
    RegionalStatistic,
    S3Domain,
    StatisticIndicator,
    StatisticsImport,
)


@permission_required("regions.view_region")
def region_list(request):
    """Signed-in people: partner regions, then every country's NUTS tree."""
    # The same for everyone (kept by bsrstars.fragments): the tree is built only when not kept.
    context = {"partners": selectors.partner_regions(), "tree": SimpleLazyObject(selectors.region_tree)}
    return render(request, "regions/region_list.html", context)


def _region(request, code, **kwargs):
    try:
        return selectors.region_by_code(code.upper())
    except Region.DoesNotExist:
        raise Http404 from None


def _comparisons(region: Region, others: list[Region]) -> list[dict]:
    profiles = selectors.domain_profiles([region, *others])
    own = profiles[region.code]
    rows = []
    for other in others:
        if other.code == region.code:
            continue
        rows.append(
            {
                "region": other,
                "similarity": complementarity.similarity(own, profiles[other.code]),
                "complementarity": complementarity.complementarity(own, profiles[other.code]),
            }
        )
    return rows


@permission_required("regions.view_region", fn=_region)
def region_detail(request, code):
    """Signed-in people: a region's S3 profile, sub-regions, links to compare; figures for those
    who may see the programme's figures."""
    region = _region(request, code)
    figures = []
    if request.user.has_perm("regions.view_dashboard"):
        # Each provider aggregates only this region's rows (in SQL), not the whole programme, and
        # only the total shown; the current values are cached (kpis.registry.current_all).
        values = kpis.registry.current_all(kpis.Period(region=region.code, totals_only=True))
        figures = [(p, values[p.code].total) for p in kpis.registry.providers() if p.code in values]
    context = {
        "region": region,
        # The profile, sub-regions and comparisons are the same for everyone (kept by
        # bsrstars.fragments): read only when not kept.
        "profile": SimpleLazyObject(lambda: selectors.profile_of(region) or ""),
        "children": selectors.children_of(region),
        "figures": figures,
        "can_edit": request.user.has_perm("regions.change_regionprofile", region),
        "comparisons": SimpleLazyObject(lambda: _comparisons(region, list(selectors.partner_regions()))),
    }
    return render(request, "regions/region_detail.html", context)


@permission_required("regions.change_regionprofile", fn=_region)
def profile_edit(request, code):
    """The region's own regional authority and programme admins: edit the S3 profile."""
    region = _region(request, code)
    profile = selectors.profile_of(region)
    snapshot = services.profile_snapshot(profile)
    domains = {d.code: d.pk for d in S3Domain.objects.all()}
    initial_profile = {
        "summary": snapshot["summary"],
        "strategy_url": snapshot["strategy_url"],
        "needs": [domains[c] for c in snapshot["needs"]],
    }
    initial_priorities = [
        {**p, "domains": [domains[c] for c in p["domains"]], "nace_codes": ", ".join(p["nace_codes"])}
        for p in snapshot["priorities"]
    ]
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, initial=initial_profile)
    # A posted form is the whole profile: without initial data, no row that equals its initial
    # value can be taken for an untouched extra row and silently dropped.
    priorities = PriorityFormSet(data, initial=None if data else initial_priorities, prefix="priorities")
    contacts = ContactFormSet(data, initial=None if data else snapshot["contacts"], prefix="contacts")
    if request.method == "POST" and form.is_valid() and priorities.is_valid() and contacts.is_valid():
        try:
            revision = services.save_profile(
                region=region,
                changed_by=request.user,
                summary=form.cleaned_data["summary"],
                strategy_url=form.cleaned_data["strategy_url"],
                needs=form.cleaned_data["needs"],
                priorities=[
                    f.cleaned_data for f in priorities.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
                contacts=[
                    {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
                    for f in contacts.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The profile was saved.") if revision else _("Nothing had changed."))
            return redirect("regions:detail", code=region.code)
    context = {"region": region, "form": form, "priorities": priorities, "contacts": contacts}
    return render(request, "regions/profile_edit.html", context)


@permission_required("regions.view_region", fn=_region)
def profile_history(request, code):
    """Signed-in people: who changed the region's profile, when, and what."""
    region = _region(request, code)
    revisions = ProfileRevision.objects.filter(region=region).select_related("changed_by")
    page = Paginator(revisions, 20).get_page(request.GET.get("page"))
    return render(request, "regions/profile_history.html", {"region": region, "page": page})


@permission_required("regions.view_region", fn=_region)
def structural(request, code):
    """Signed-in people: regions whose statistics look most alike."""
    region = _region(request, code)
    form = StructuralForm(request.GET or None)
    n, year, exclude = 5, None, False
    if form.is_valid():
        n = form.cleaned_data["n"] or 5
        year = form.cleaned_data["year"]
        exclude = form.cleaned_data["exclude_own_country"]
    year, values, countries = selectors.statistics_vectors(year)
    neighbours = complementarity.structural_neighbours(
        region.code, values, n=n, countries=countries, exclude_country=exclude
    )
    names = dict(Region.objects.filter(code__in=[c for c, *_ in neighbours]).values_list("code", "name"))
    rows = [{"code": c, "name": names.get(c, c), "distance": d, "compared": k} for c, d, k in neighbours]
    context = {"region": region, "form": form, "rows": rows, "year": year, "has_data": region.code in values}
    return render(request, "regions/structural.html", context)


@permission_required("regions.view_region")
def compare(request):
    """Signed-in people: similarity and complementarity of two regions, with what drives them."""
    codes = [request.GET.get("a", "").upper(), request.GET.get("b", "").upper()]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    if len(regions) != 2:
        raise Http404
    a, b = regions[codes[0]], regions[codes[1]]
    profiles = selectors.domain_profiles([a, b])
    domain_names = dict(S3Domain.objects.values_list("code", "name"))
    context = {
        "a": a,
        "b": b,
        "domain_names": domain_names,
        "similarity": complementarity.similarity(profiles[a.code], profiles[b.code]),
        "complementarity": complementarity.complementarity(profiles[a.code], profiles[b.code]),
    }
    return render(request, "regions/compare.html", context)


HEAT_STEPS = 5  # shades of the matrix (CSS .heat-0 … .heat-4); the values are always written too


def _matrix_cell(col, own, other) -> tuple:
    sim = complementarity.similarity(own, other).value
    comp = complementarity.complementarity(own, other).value
    shade = min(HEAT_STEPS - 1, int(float(comp) * HEAT_STEPS)) if comp is not None else 0
    return col, sim, comp, shade


@permission_required("regions.view_region")
def matrix(request):
    """Signed-in people: similarity and complementarity between every pair of partner regions."""
    partners = list(selectors.partner_regions())
    profiles = selectors.domain_profiles(partners)
    grid = [
        (
            row,
            [_matrix_cell(col, profiles[row.code], profiles[col.code]) for col in partners],
        )
        for row in partners
    ]
    legend = [(n, n / HEAT_STEPS, (n + 1) / HEAT_STEPS) for n in range(HEAT_STEPS)]
    return render(request, "regions/matrix.html", {"partners": partners, "grid": grid, "legend": legend})


@permission_required("regions.view_s3domain")
def domain_detail(request, code):
    """Signed-in people: for one S3 domain, which partner regions to learn from or partner with."""
    domain = get_object_or_404(S3Domain, code=code.upper())
    partners = list(selectors.partner_regions())
    own_code = request.GET.get("region", "").upper()
    own = next((r for r in partners if r.code == own_code), None) or next(iter(partners), None)
    profiles = selectors.domain_profiles(partners)
    others = [profiles[r.code] for r in partners]
    names = {r.code: r for r in partners}
    context = {"domain": domain, "partners": partners, "own": own}
    if own is not None:
        context["learn_from"] = [
            (names[p.code], s) for p, s in complementarity.learn_from(profiles[own.code], others, domain.code)
        ]
        context["partner_with"] = [
            (names[p.code], s) for p, s in complementarity.partner_with(profiles[own.code], others, domain.code)
        ]
        context["own_strength"] = complementarity.strength_in(profiles[own.code], domain.code)
    return render(request, "regions/domain_detail.html", context)


@permission_required("regions.view_s3domain")
def domain_list(request):
    """Signed-in people: the S3 domain taxonomy with its NACE Rev.2 links."""
    return render(request, "regions/domain_list.html", {"tree": selectors.domain_tree()})


@permission_required("regions.view_dashboard")
def kpi_dashboard(request):
    """Partners, facilitators, regional authorities and admins: the programme's figures for every
    partner region (the one rule in dashboard.regions_in_scope)."""
    built = SimpleLazyObject(lambda: _dashboard(request.user))  # built only if the page part is not kept
    context = {
        "rows": SimpleLazyObject(lambda: built["rows"]),
        "regions": SimpleLazyObject(lambda: built["regions"]),
        "scope": dashboard.scope_key(request.user),
        "values_stamp": kpis.registry.current_stamp(),
    }
    return render(request, "regions/dashboard.html", context)


def _dashboard(user) -> dict:
    rows, regions = dashboard.build(user)
    charts_by_code = {}
    for row in rows:
        if not row.measured:
            continue
        d = row.definition
        charts_by_code[d.code] = {
            "percent": _percent(row),
            "trend": charts.sparkline(  # scaled to its own values: the bar above shows the target
                row.history,
                ident=f"trend-{d.code}",
                title=_("%(name)s: trend by month") % {"name": d.name},
            ),
            "progress": charts.progress_bar(
                row.current,
                d.target,
                milestone=d.milestone,
                ident=f"bar-{d.code}",
                title=_("%(name)s: progress towards the target") % {"name": d.label},
            ),
            "line": charts.line_chart(
                row.history,
                ident=f"line-{d.code}",
                target=float(d.target) if d.target else None,
                target_label=_("target"),
                title=_("%(name)s: cumulative by month") % {"name": d.label},
            ),
            "regions": charts.bar_chart(
                [(f.region.name, f.value) for f in row.regions],
                ident=f"regions-{d.code}",
                title=_("%(name)s by region") % {"name": d.label},
            ),
        }
    return {"rows": [(row, charts_by_code.get(row.definition.code)) for row in rows], "regions": regions}


def _percent(row) -> int | None:
    share = row.share_of_target
    return None if share is None else max(0, min(100, round(100 * share)))


@permission_required("regions.view_dashboard")
def kpi_export(request, fmt):
    """The dashboard's figures as CSV or XLSX, scoped as the dashboard is."""
    return downloads.respond(request, kind=exports.KPIS, fmt=fmt, params={})


@permission_required("regions.view_region")
def statistics(request):
    """Signed-in people: regional statistics, filtered by region and indicator."""
    queryset = RegionalStatistic.objects.select_related("region", "indicator").order_by(
        "region__code", "indicator__code", "-year"
    )
    region = request.GET.get("region", "").upper()
    if region:
        queryset = queryset.filter(region__code__startswith=region)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "region": region,
        "can_import": request.user.has_perm("regions.import_statistics"),
        **_statistics_chart(request, region),
    }
    return render(request, "regions/statistics.html", context)


def _statistics_chart(request, region: str) -> dict:
    """One indicator in one year, as a bar chart with its table beside: the partner regions (or
    the regions under the code filtered on). Three queries."""
    indicators = list(StatisticIndicator.objects.order_by("code"))
    chosen = next((i for i in indicators if i.code == request.GET.get("indicator")), None) or next(
        iter(indicators), None
    )
    if chosen is None:
        return {"indicators": []}
    values = RegionalStatistic.objects.filter(indicator=chosen).select_related("region")
    values = values.filter(region__code__startswith=region) if region else values.filter(region__is_partner=True)
    years = list(values.order_by("-year").values_list("year", flat=True).distinct())
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    year = year if year in years else next(iter(years), None)
    rows = sorted(values.filter(year=year)[:40], key=lambda s: -s.value) if year else []
    chart = (
        charts.bar_chart(
            [(s.region.name, float(s.value)) for s in rows],
            ident="statistics-chart",
            title=_("%(indicator)s (%(unit)s), %(year)s")
            % {"indicator": chosen.label, "unit": chosen.unit_label, "year": year},
        )
        if rows
        else None
    )
    return {
        "indicators": indicators,
        "chosen": chosen,
        "years": years,
        "year": year,
        "chart_rows": rows,
        "chart": chart,
    }


@permission_required("regions.import_statistics")
def statistics_import(request):
    """Partners and programme admins: upload statistics; nothing changes before confirmation."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.preview_statistics_import(uploaded=form.cleaned_data["file"], uploaded_by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("regions:statistics_import_preview", pk=batch.pk)
    return render(request, "regions/statistics_import.html", {"form": form})


def _own_batch(request, pk) -> StatisticsImport:
    return own_batch(StatisticsImport, pk, request.user)


@permission_required("regions.import_statistics")
def statistics_import_preview(request, pk):
    """Whoever uploaded the file (and programme admins): the row-by-row check."""
    return render(
        request, "regions/statistics_import_preview.html", {"batch": _own_batch(request, pk), "statuses": ImportStatus}
    )


@require_POST
@permission_required("regions.import_statistics")
def statistics_import_confirm(request, pk):
    """Write every row of the checked file, or none."""
    batch = _own_batch(request, pk)
    try:
        services.commit_statistics_import(batch=batch)
    except services.StatisticsImportRefused as exc:
        messages.error(request, _("Nothing was imported: the file has errors now. See the rows below."))
        return redirect("regions:statistics_import_preview", pk=exc.batch.pk)
    messages.success(request, _("The statistics were imported."))
    return redirect("regions:statistics")


@permission_required("regions.import_statistics")
def statistics_sample(request):
    """The sample statistics file that documents the format."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "statistics_sample.csv"
    return FileResponse(open(path, "rb"), as_attachment=True, filename="statistics_sample.csv")  # noqa: SIM115 -- FileResponse closes it


@permission_required("regions.view_region")
def policy_learning(request):
    """Signed-in people: the programme's policy-learning activities and who took part."""
    activities = PolicyLearningActivity.objects.select_related("host_region").prefetch_related("participants")
    page = Paginator(activities, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "regions/policy_learning.html",
        {"page": page, "can_manage": request.user.has_perm("regions.record_policy_learning")},
    )


@permission_required("regions.record_policy_learning")
def policy_learning_new(request):
    """Partners, facilitators and programme admins: record an activity and its participants.
    Regional authorities: record an activity their own authority took part in."""
    own = None
    if not request.user.has_perm("regions.manage_policy_learning"):
        own = selectors.own_authorities(request.user)
    form = PolicyLearningForm(request.POST or None, own_authorities=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.record_policy_learning(
                    title=data["title"],
                    kind=data["kind"],
                    day=data["date"],
                    host_region=data["host_region"],
                    description=data["description"],
                    participants=data["participants"],
                    created_by=request.user,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("regions:policy_learning")
    return render(request, "regions/policy_learning_new.html", {"form": form})
