"""Test-facility indicators on the programme dashboard beside 'SMEs with transnational access'
(which comes with regions' reference data): vouchers granted, in count and EUR, and bookings by
the facility's country. Existing rows are left as admins edited them."""

from django.db import migrations

DEFINITIONS = [
    (
        "testbeds-vouchers",
        "Test-facility access vouchers granted",
        "vouchers",
        "output",
        "testbeds.vouchers",
        "Transnational access vouchers the programme granted.",
    ),
    (
        "testbeds-voucher-eur",
        "Test-facility access vouchers granted (EUR)",
        "EUR",
        "output",
        "testbeds.voucher_eur",
        "The sum of the vouchers granted, in euros.",
    ),
    (
        "testbeds-bookings",
        "Test-facility bookings, by the facility's country",
        "bookings",
        "output",
        "testbeds.bookings",
        "Active bookings of test-facility units, counted in the facility's region and country.",
    ),
]


def add(apps, schema_editor):
    KPIDefinition = apps.get_model("regions", "KPIDefinition")
    for position, (code, name, unit, kind, provider, description) in enumerate(DEFINITIONS, start=40):
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
    dependencies = [("testbeds", "0002_no_overlap_on_postgresql"), ("regions", "0004_kpi_definitions_and_indicators")]

    operations = [migrations.RunPython(add, remove)]
