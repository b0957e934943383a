"""Reads about regions and the S3 taxonomy. Trees are built in Python from one query."""

from collections import defaultdict

from .models import Region, S3Domain


def region_tree() -> list[dict]:
    """Countries with their NUTS 1/2/3 regions nested: [{region, children: [...]}]. One query."""
    regions = list(Region.objects.order_by("code"))
    children = defaultdict(list)
    for region in regions:
        children[region.parent_id].append(region)

    def build(region):
        return {"region": region, "children": [build(child) for child in children[region.pk]]}

    return [build(root) for root in children[None]]


def partner_regions():
    return Region.objects.filter(is_partner=True).select_related("parent").order_by("country", "code")


def nuts3_choices(country: str | None = None):
    queryset = Region.objects.filter(level=3)
    return queryset.filter(country=country) if country else queryset


def domain_tree() -> list[dict]:
    domains = list(S3Domain.objects.order_by("code"))
    children = defaultdict(list)
    for domain in domains:
        children[domain.parent_id].append(domain)
    return [{"domain": root, "children": children[root.pk]} for root in children[None]]


def region_by_code(code: str) -> Region:
    return Region.objects.select_related("parent", "parent__parent").get(code=code)


def children_of(region: Region):
    return Region.objects.filter(parent=region).order_by("code")
