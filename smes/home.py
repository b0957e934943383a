"""What SMEs put on a member's home: each of their companies with its profile's state (size
class, what it offers and needs, last update) and a link to keep it current. One query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bsrstars import home
from bsrstars.accounts.models import Organisation
from bsrstars.accounts.rules import organisation_ids

SHOWN = 8


def home_items(user) -> list[home.Item]:
    orgs = organisation_ids(user)
    if not orgs:
        return []
    companies = (
        Organisation.objects.filter(pk__in=orgs, kind="sme").select_related("sme_profile").order_by("name")[:SHOWN]
    )
    items = []
    for company in companies:
        profile = getattr(company, "sme_profile", None)
        badges, links = [], []
        if profile is None:
            badges.append(home.Badge(_("No company profile yet"), home.WARN))
        else:
            badges.append(home.Badge(profile.get_size_class_display(), home.NEUTRAL))
            if not (profile.offers and profile.needs):
                badges.append(home.Badge(_("Add what you offer and need"), home.WARN))
            badges.append(
                home.Badge(
                    _("Updated %(day)s") % {"day": home.local_day(profile.updated_at)},
                    home.NEUTRAL,
                )
            )
            if user.has_perm("smes.change_smeprofile", company):
                links.append((_("Edit the profile"), reverse("smes:edit", kwargs={"pk": company.pk})))
        items.append(
            home.Item(
                kind=home.STATUS,
                title=company.name,
                url=reverse("smes:detail", kwargs={"pk": company.pk})
                if profile
                else reverse("accounts:organisation_detail", kwargs={"pk": company.pk}),
                badges=tuple(badges),
                links=tuple(links),
                group=_("Your companies"),
            )
        )
    return items
