"""What regions put on a regional authority's home: its region's profile (edit, last change),
the region's indicators against their targets, and its policy-learning activities. A fixed
number of queries: one for the regions, one for the targets, one for the activities, and each
KPI provider's aggregates once per covered region (a handful of regions, never per item)."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bsrstars import home, kpis
from bsrstars.accounts.rules import authority_region_codes, organisation_ids

from .models import KPIDefinition, KPIRegionTarget, PolicyLearningActivity, Region


def _profiles(regions) -> list[home.Item]:
    items = []
    for region in regions:
        last = region.last_change
        if last:
            badge = home.Badge(_("Last changed %(day)s") % {"day": home.local_day(last)}, home.NEUTRAL)
        else:
            badge = home.Badge(_("Never edited"), home.WARN)
        items.append(
            home.Item(
                kind=home.STATUS,
                title=_("S3 profile of %(region)s") % {"region": region.name},
                url=reverse("regions:detail", kwargs={"code": region.code}),
                when=last,
                detail=_("Your authority keeps this profile: priorities, needs and contacts."),
                badges=(badge,),
                links=(
                    (_("Edit the profile"), reverse("regions:profile_edit", kwargs={"code": region.code})),
                    (_("History"), reverse("regions:profile_history", kwargs={"code": region.code})),
                ),
                group=_("Your region"),
            )
        )
    return items


def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _indicators(regions) -> list[home.Item]:
    """Indicators with a regional target as tiles with a progress bar; the region's other
    figures in one compact table (the dashboard has them all)."""
    definitions = [d for d in KPIDefinition.objects.exclude(provider_code="") if kpis.registry.get(d.provider_code)]
    targets = {
        (t.definition_id, t.region_id): t.target
        for t in KPIRegionTarget.objects.filter(region__in=[r.pk for r in regions])
    }
    items = []
    for region in regions:
        values: dict[str, kpis.KPIValue] = {}
        others = []
        for definition in definitions:
            if definition.provider_code not in values:
                values[definition.provider_code] = kpis.registry.compute(
                    definition.provider_code, kpis.Period(region=region.code)
                )
            value = values[definition.provider_code].for_region(region.code)
            target = targets.get((definition.pk, region.pk))
            if target is None:
                others.append((definition.label, f"{_number(value)} {definition.unit_label}"))
                continue
            items.append(
                home.Item(
                    kind=home.STATUS,
                    title=definition.label,
                    url=reverse("regions:dashboard") + f"#kpi-{definition.code}",
                    value=float(value),
                    target=float(target),
                    detail=_("%(value)s of the regional target %(target)s %(unit)s in %(region)s")
                    % {
                        "value": _number(value),
                        "target": _number(target),
                        "unit": definition.unit_label,
                        "region": region.name,
                    },
                    group=_("Your region's indicators"),
                )
            )
        if others:
            items.append(
                home.Item(
                    kind=home.STATUS,
                    title=_("Other figures for %(region)s") % {"region": region.name},
                    url=reverse("regions:dashboard"),
                    detail=_(
                        "No regional target is set for these; the KPI dashboard compares them with the programme's."
                    ),
                    rows=tuple(others),
                    group=_("Your region's indicators"),
                )
            )
    return items


def _policy_learning(user) -> list[home.Item]:
    own = organisation_ids(user)
    summary = PolicyLearningActivity.objects.filter(participants__in=own).aggregate(
        n=Count("pk", distinct=True), last=Max("date")
    )
    n = summary["n"]
    return [
        home.Item(
            kind=home.STATUS,
            title=_("Policy learning"),
            url=reverse("regions:policy_learning"),
            when=summary["last"],
            detail=(
                ngettext(
                    "Your authority took part in %(n)d recorded activity, the last on %(day)s.",
                    "Your authority took part in %(n)d recorded activities, the last on %(day)s.",
                    n,
                )
                % {"n": n, "day": home.local_day(summary["last"])}
                if n
                else _("No policy-learning activity of your authority is recorded yet.")
            ),
            badges=(home.Badge(_("Counts for the KPI"), home.INFO),) if n else (),
            links=((_("Record an activity"), reverse("regions:policy_learning_new")),),
            group=_("Your region"),
        )
    ]


def home_items(user) -> list[home.Item]:
    codes = authority_region_codes(user)
    if not codes:
        return []
    regions = list(
        Region.objects.filter(code__in=codes)
        .annotate(last_change=Max("profile_revisions__changed_at"))
        .order_by("code")
    )
    return [*_profiles(regions), *_policy_learning(user), *_indicators(regions)]
