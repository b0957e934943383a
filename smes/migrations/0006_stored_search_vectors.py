"""On PostgreSQL: the directory search's word vectors stored beside the rows they come from —
generated columns that PostgreSQL keeps current on every insert and update — so ranking the
matches reads a stored vector instead of parsing every matching company's texts again (a search
for a common word, "bio", matched 6,400 of 10,000 companies and spent 150 ms in to_tsvector).

The expressions are those of smes/search.py (and of the GIN indexes of 0005, which still serve the
matching). The columns are kept out of the model state: the ORM never selects or writes them,
and other databases, which search with a plain filter, do not have them."""

from django.db import migrations

COLUMNS = [
    ("accounts_organisation", "name_words", "COALESCE(name, '')"),
    (
        "smes_smeprofile",
        "text_words",
        "COALESCE(description, '') || ' ' || COALESCE(offers, '') || ' ' || COALESCE(needs, '')",
    ),
]


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, text in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {text})) STORED"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _text in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [("smes", "0005_directory_search_indexes")]

    operations = [migrations.RunPython(add, remove)]
