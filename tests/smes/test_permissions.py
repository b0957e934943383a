"""SME and membership permissions beyond who reaches each URL (tests/test_url_matrix.py tries
every URL as every role): ids of another company mixed into one's own company's URL."""

import pytest

from bsrstars.accounts.models import Organisation
from tests.factories import UserFactory
from tests.smes.factories import company

pytestmark = pytest.mark.django_db


def test_another_companys_ids_in_the_url_are_404(client):
    sme = UserFactory()
    own = company("Own AB", registered_by=sme)
    other = company("Other UAB", country="LT", region="LT011", registered_by=UserFactory())
    client.force_login(sme)
    response = client.post(f"/organisations/{own.pk}/members/{other.memberships.get().pk}/", {"action": "remove"})
    assert response.status_code == 404
    assert Organisation.objects.get(pk=other.pk).memberships.count() == 1
