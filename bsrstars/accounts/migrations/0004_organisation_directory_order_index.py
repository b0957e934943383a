from django.db import migrations, models


class Migration(migrations.Migration):
    """The SME directory's and /api/v1/organisations/' order (name, pk), read along an index."""

    dependencies = [("accounts", "0003_membership_requests_invitations")]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], name="accounts_org_directory_order"),
        ),
    ]
