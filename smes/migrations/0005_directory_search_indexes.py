"""On PostgreSQL: the indexes behind the directory's word search (smes/search.py) — pg_trgm, a
trigram GIN index on organisation names (misspelt names), and full-text GIN indexes in the
'simple' configuration on the name and on the profile's description, offers and needs. They are
built from the same expressions the search uses, so the planner can use them.

Other databases search with a plain filter; there this migration does nothing. The indexes are
kept out of the model state, so `makemigrations` stays quiet on every database."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

NAME_TRIGRAMS = "accounts_org_name_trgm"
NAME_WORDS = "accounts_org_name_fts"
PROFILE_WORDS = "smes_profile_text_fts"


def _indexes(apps):
    from django.contrib.postgres.indexes import GinIndex

    from smes import search

    organisation = apps.get_model("accounts", "Organisation")
    profile = apps.get_model("smes", "SMEProfile")
    return [
        (organisation, GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name=NAME_TRIGRAMS)),
        (organisation, GinIndex(search.name_vector(), name=NAME_WORDS)),
        (profile, GinIndex(search.profile_vector(), name=PROFILE_WORDS)),
    ]


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)


class PostgresOnlyTrigram(TrigramExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("smes", "0004_founding_year_range"), ("accounts", "0003_membership_requests_invitations")]

    operations = [PostgresOnlyTrigram(), migrations.RunPython(add, remove)]
