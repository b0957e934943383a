"""Coaching's indicators on the programme dashboard: hours delivered and outcomes by type (the
'SMEs in transnational coaching' definition comes with regions' reference data). Existing rows
are left as admins edited them."""

from django.db import migrations

DEFINITIONS = [
    (
        "coaching-hours",
        "Coaching hours delivered",
        "hours",
        "output",
        "coaching.hours",
        "Hours of coaching sessions the coached companies confirmed.",
    ),
    (
        "coaching-financing",
        "Coaching outcomes: financing applications submitted",
        "outcomes",
        "result",
        "coaching.outcomes.financing",
        "Financing applications coached companies submitted (programme, amount).",
    ),
    (
        "coaching-cooperation",
        "Coaching outcomes: international cooperation started",
        "outcomes",
        "result",
        "coaching.outcomes.cooperation",
        "International cooperation coached companies started, with the partner country.",
    ),
    (
        "coaching-test-facility",
        "Coaching outcomes: test-facility use planned",
        "outcomes",
        "result",
        "coaching.outcomes.test_facility",
        "Coached companies that plan to use a test facility.",
    ),
    (
        "coaching-new-market",
        "Coaching outcomes: new markets entered",
        "outcomes",
        "result",
        "coaching.outcomes.new_market",
        "New markets (countries) coached companies entered.",
    ),
]


def add(apps, schema_editor):
    KPIDefinition = apps.get_model("regions", "KPIDefinition")
    for position, (code, name, unit, kind, provider, description) in enumerate(DEFINITIONS, start=20):
        KPIDefinition.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "kind": kind,
                "provider_code": provider,
                "description": description,
                "position": position,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("regions", "KPIDefinition").objects.filter(code__in=[d[0] for d in DEFINITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial"), ("regions", "0004_kpi_definitions_and_indicators")]

    operations = [migrations.RunPython(add, remove)]
