"""The programme roles as rows; admins may add more."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from bsrstars.accounts.role_data import load_roles

    load_roles(apps.get_model("accounts", "Role"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
