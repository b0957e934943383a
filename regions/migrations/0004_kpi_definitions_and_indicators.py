"""The programme's KPI definitions with targets, and the statistical indicators, as data."""

from django.db import migrations


def load(apps, schema_editor):
    from regions.reference_data import load_kpi_definitions, load_statistic_indicators

    load_kpi_definitions(apps.get_model("regions", "KPIDefinition"))
    load_statistic_indicators(apps.get_model("regions", "StatisticIndicator"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_profiles_statistics_kpis")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
