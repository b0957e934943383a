"""Load NUTS 2021 regions (SE, DK, FI, LT, NO), the five partner regions and the S3 taxonomy
from regions/data/*.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from regions.reference_data import load_regions, load_s3_domains

    load_regions(apps.get_model("regions", "Region"), set_partners=True)
    load_s3_domains(apps.get_model("regions", "S3Domain"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
