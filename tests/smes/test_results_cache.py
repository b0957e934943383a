"""The directory keeps a query's count and ranked ids for a minute (smes/results.py): a repeated
search does not count and rank again, every change to a company shows at once, and the pages
read past the kept ids are the same as without the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smes import results
from tests.factories import person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db


def names(client, **params) -> tuple[list[str], int]:
    response = client.get(reverse("smes:directory"), params)
    assert response.status_code == 200
    return [org.name for org, _private in response.context["rows"]], response.context["page"].paginator.count


def test_a_repeated_search_does_not_count_again(client):
    company("Kelp Fibres AB", description="Kelp.")
    client.force_login(person())
    assert names(client, q="kelp") == (["Kelp Fibres AB"], 1)
    with CaptureQueriesContext(connection) as ctx:
        assert names(client, q="kelp") == (["Kelp Fibres AB"], 1)
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"] and "accounts_organisation" in q["sql"]]


def test_a_new_edited_or_deleted_company_shows_at_once(client):
    kelp = company("Kelp Fibres AB", description="Kelp.")
    client.force_login(person())
    assert names(client, q="kelp") == (["Kelp Fibres AB"], 1)
    company("Kelp Robotics AB", description="Robots.")
    assert names(client, q="kelp")[1] == 2
    kelp.sme_profile.description = "Kelp and seaweed."
    kelp.sme_profile.save()
    assert names(client, q="seaweed") == (["Kelp Fibres AB"], 1)
    kelp.name = "Fibre Trays AB"
    kelp.save()
    assert names(client, q="trays") == (["Fibre Trays AB"], 1)
    assert "Fibre Trays AB" in names(client, domain="BIO")[0]
    kelp.sme_profile.s3_domains.clear()
    assert "Fibre Trays AB" not in names(client, domain="BIO")[0]
    kelp.delete()
    assert "Fibre Trays AB" not in names(client)[0]


def test_pages_past_the_kept_ids_read_the_database(client, monkeypatch):
    monkeypatch.setattr(results, "CACHED_IDS", 30)
    for i in range(60):
        company(f"Firm {i:02d} AB", description="Enzymes.")
    client.force_login(person())
    seen = []
    for page in (1, 2, 3):
        rows, count = names(client, ordering="name", page=page)
        assert count == 60
        seen += rows
    assert seen == [f"Firm {i:02d} AB" for i in range(60)]


def test_a_cache_outage_still_lists_the_companies(client, monkeypatch):
    company("Kelp Fibres AB", description="Kelp.")
    client.force_login(person())

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(results.cache, "get_many", broken)
    assert names(client, q="kelp") == (["Kelp Fibres AB"], 1)
