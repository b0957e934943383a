"""Priorities saved through the edit form before the fix hold codes without their section letter
("10" for "C10"); give every stored code its canonical form so the next save records no change."""

from django.core.exceptions import ValidationError
from django.db import migrations


def canonicalise(apps, schema_editor):
    from regions.nace import canonical_nace

    S3Priority = apps.get_model("regions", "S3Priority")
    for priority in S3Priority.objects.all():
        codes = []
        for code in priority.nace_codes:
            try:
                codes.append(canonical_nace(code))
            except ValidationError:
                codes.append(code)
        codes = list(dict.fromkeys(codes))
        if codes != priority.nace_codes:
            priority.nace_codes = codes
            priority.save(update_fields=["nace_codes"])


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_kpi_definitions_and_indicators")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop)]
