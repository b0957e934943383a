"""A region page links its sub-regions by name (a link with no text is unusable with a screen reader)."""

import re

import pytest
from django.urls import reverse

from regions.models import Region
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sub_region_links_carry_the_regions_names(client):
    client.force_login(UserFactory())
    region = Region.objects.get(pk=Region.objects.filter(parent__isnull=False).order_by("code").values("parent")[:1])
    html = client.get(reverse("regions:detail", args=[region.code])).content.decode()
    for child in Region.objects.filter(parent=region):
        link = re.search(rf'<a href="{reverse("regions:detail", args=[child.code])}">([^<]*)</a>', html)
        assert link and link.group(1).strip() == child.name, child.code
