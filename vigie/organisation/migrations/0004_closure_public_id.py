# A public id for closure days, so that their URLs carry no integer primary key. Three steps (Django's recipe for a
# unique field on existing rows): add it without uniqueness, give each row its own value, then make it unique.
import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisation", "0003_retention_help_text")]

    operations = [
        migrations.AddField(
            model_name="closureday",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="identifiant public"),
        ),
    ]
