"""Regions permissions beyond who reaches each URL (tests/test_url_matrix.py tries every URL as
every role): another partner's statistics import is not even confirmed to exist."""

import pytest

from regions.models import StatisticsImport
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_another_partners_import_is_404(client):
    batch = StatisticsImport.objects.create(uploaded_by=person("partner", org_kind="partner"), filename="x.csv")
    client.force_login(person("partner", org_kind="partner"))
    assert client.get(f"/regions/statistics/import/{batch.pk}/").status_code == 404
    assert client.post(f"/regions/statistics/import/{batch.pk}/confirm/").status_code == 404
    batch.refresh_from_db()
    assert batch.status == "previewed"
