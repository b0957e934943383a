"""On PostgreSQL: two active blocks (bookings, buffers included, and blackouts) of one unit never
overlap, held by an exclusion constraint over tstzrange(start, blocked_until, '[)') with btree_gist
for the unit's equality. Other databases rely on the booking service's row lock on the unit.

The constraint is added with the schema editor only on PostgreSQL and kept out of the model
state, so `makemigrations` stays quiet on every database."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

NAME = "testbeds_no_overlapping_blocks"


def _constraint():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
    from django.db.models import Func, Q

    class TsTzRange(Func):
        function = "TSTZRANGE"
        output_field = DateTimeRangeField()

    return ExclusionConstraint(
        name=NAME,
        expressions=[("unit", RangeOperators.EQUAL), (TsTzRange("start", "blocked_until"), RangeOperators.OVERLAPS)],
        condition=Q(status="active"),
    )


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("testbeds", "TimeBlock"), _constraint())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("testbeds", "TimeBlock"), _constraint())


class PostgresOnlyBtreeGist(BtreeGistExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("testbeds", "0001_initial")]

    operations = [PostgresOnlyBtreeGist(), migrations.RunPython(add, remove)]
