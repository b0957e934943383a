"""The policy-briefs indicator's description was cut at its first comma when the CSV was read
(an unquoted field). Stored rows that still hold the cut text get the whole sentence; a row an
admin has rewritten is left as it is."""

from django.db import migrations

CUT = "Policy briefs with recommendations published for regional"
WHOLE = "Policy briefs with recommendations published for regional, national and EU level."


def forwards(apps, schema_editor):
    KPIDefinition = apps.get_model("regions", "KPIDefinition")
    KPIDefinition.objects.filter(code="policy-briefs", description=CUT).update(description=WHOLE)


class Migration(migrations.Migration):
    dependencies = [("regions", "0006_alter_statisticsimport_status")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
