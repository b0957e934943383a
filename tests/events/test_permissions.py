"""Events permissions beyond who reaches each URL (tests/test_url_matrix.py tries every URL as
every role): drafts stay hidden from everyone but their organisers."""

import pytest

from events import services
from tests.events.factories import event
from tests.factories import UserFactory, give_role, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    organiser = person("facilitator", org_kind="partner")
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_role(admin, "programme_admin")
    published, draft = event(organiser), event(organiser, published=False, title="Secret draft")
    co = person("facilitator", org_kind="partner")
    services.add_co_organiser(event=draft, user=co, can_edit=False)
    sme = person()
    services.register(event=published, person=sme, organisation=sme.memberships.get().organisation)
    others = {"sme": sme, "other_facilitator": person("facilitator", org_kind="partner"), "partner": person("partner")}
    return {"draft": draft, "people": {"organiser": organiser, "co_organiser": co, "admin": admin, **others}}


@pytest.mark.parametrize("role", ["organiser", "co_organiser", "admin", "sme", "other_facilitator", "partner"])
def test_a_draft_is_seen_only_by_those_who_run_it(client, world, role):
    client.force_login(world["people"][role])
    seen = role in {"organiser", "co_organiser", "admin"}
    assert client.get(f"/events/{world['draft'].pk}/").status_code == (200 if seen else 404)
    assert ("Secret draft" in client.get("/events/?when=all").content.decode()) is seen
