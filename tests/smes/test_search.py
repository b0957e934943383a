"""The directory's word search: full-text and trigram search on PostgreSQL (through its indexes),
a plain filter elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smes import search
from smes.selectors import directory
from tests.factories import person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies():
    company("Helsingborg Kelp Fibres AB", description="Fibres from farmed kelp for packaging.")
    company("Baltic Packaging Oy", country="FI", region="FI197", description="Moulded trays from kelp fibre.")
    company("Lund Enzymes AB", description="Enzymes for food.", offers="Fermentation pilot plant", needs="Biochar")
    company("Kelpie Robotics AB", description="Robot dogs.")


def found(value: str) -> list[str]:
    return [org.name for org in search.search(directory(), value)]


def test_words_are_letters_and_digits_only():
    assert search.words("  Kelp & 'fibre':* | ! ") == ["kelp", "fibre"]
    assert search.words(" ".join(f"w{i}" for i in range(12))) == [f"w{i}" for i in range(8)]


def test_every_word_must_occur_in_one_of_the_four_fields(companies):
    assert sorted(found("fermentation biochar")) == ["Lund Enzymes AB"]  # offers and needs
    assert sorted(found("enzymes food")) == ["Lund Enzymes AB"]  # name and description
    assert found("enzymes robots") == []
    assert found("   ") == sorted(found(""))


@pytest.mark.postgres
def test_postgres_finds_a_misspelt_name_and_a_word_of_the_description(companies):
    assert found("Helsinborg Kelp") == ["Helsingborg Kelp Fibres AB"]
    assert found("trays") == ["Baltic Packaging Oy"]
    assert found("ferment") == ["Lund Enzymes AB"]  # the start of a word


@pytest.mark.postgres
def test_postgres_ranks_a_name_match_first(companies):
    # The whole word in a name, then the start of a word in a name, then the description only.
    assert found("kelp") == ["Helsingborg Kelp Fibres AB", "Kelpie Robotics AB", "Baltic Packaging Oy"]
    assert found("fibres kelp packaging")[0] == "Helsingborg Kelp Fibres AB"


@pytest.mark.postgres
def test_postgres_search_reads_through_the_indexes(companies):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show its choice
        # With sequential scans off, the planner walks the (name, id) b-tree that orders the
        # directory as a stand-in for a full scan; it cannot answer a text search. Leave it out
        # (the test's transaction rolls the drop back) so the plan shows the search's own choice.
        cursor.execute("DROP INDEX accounts_org_directory_order")
        for value, index in (
            ("trays", "smes_profile_text_fts"),
            ("trays", "accounts_org_name_fts"),
            ("Helsinborg Kelp", "accounts_org_name_trgm"),
        ):
            sql, params = search.search(directory(), value).query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan
        cursor.execute("RESET enable_seqscan")


def test_sqlite_falls_back_to_a_plain_filter(companies, monkeypatch):
    monkeypatch.setattr(search, "uses_full_text", lambda queryset: False)
    assert found("Helsinborg Kelp") == []  # no similarity without PostgreSQL
    assert found("packaging kelp") == ["Baltic Packaging Oy", "Helsingborg Kelp Fibres AB"]
    assert found("ENZYMES") == ["Lund Enzymes AB"]


def test_directory_search_counts_once_and_does_not_grow_with_matches(client, companies):
    client.force_login(person())

    def queries(q):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("smes:directory"), {"q": q})
        return len(ctx.captured_queries), len(response.context["rows"])

    few, rows_few = queries("enzymes")
    for i in range(30):
        company(f"Enzyme Works {i} AB", description="Enzymes for feed.")
    many, rows_many = queries("enzymes")
    assert (rows_few, rows_many) == (1, 25)
    assert many == few
    assert "DISTINCT" not in "".join(q["sql"] for q in ctx_sql(client, "enzymes", domain="BIO"))


def ctx_sql(client, q, **params):
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("smes:directory"), {"q": q, **params})
    return [q for q in ctx.captured_queries if "smes_smeprofile" in q["sql"]]


def test_the_export_of_a_search_streams_the_same_companies(companies):
    from smes.selectors import export_rows, exportable

    facilitator = person("facilitator", org_kind="partner")
    rows = export_rows(facilitator, search.search(exportable(facilitator), "kelp"), chunk_size=2)
    assert [row["name"] for row in rows] == found("kelp")


@pytest.mark.postgres
def test_postgres_stored_vectors_follow_every_edit_of_the_texts(companies):
    """The ranks read the vectors of migration smes 0006: the same words the search's own
    expressions (and the GIN indexes) see, also after a profile or a name is changed."""
    from bsrstars.accounts.models import Organisation

    lund = Organisation.objects.get(name="Lund Enzymes AB")
    lund.sme_profile.needs = "Seaweed trays"
    lund.sme_profile.save()
    Organisation.objects.filter(pk=lund.pk).update(name="Lund Kelp Enzymes AB")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM smes_smeprofile WHERE text_words IS DISTINCT FROM to_tsvector('simple'::regconfig, "
            "COALESCE(description, '') || ' ' || COALESCE(offers, '') || ' ' || COALESCE(needs, ''))"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM accounts_organisation "
            "WHERE name_words IS DISTINCT FROM to_tsvector('simple'::regconfig, COALESCE(name, ''))"
        )
        assert cursor.fetchone()[0] == 0
    assert found("seaweed") == ["Lund Kelp Enzymes AB"]
    assert found("kelp")[:3] == ["Helsingborg Kelp Fibres AB", "Lund Kelp Enzymes AB", "Kelpie Robotics AB"]
