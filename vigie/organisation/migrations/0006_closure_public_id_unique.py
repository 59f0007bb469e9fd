import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisation", "0005_closure_public_id_values")]

    operations = [
        migrations.AlterField(
            model_name="closureday",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"),
        ),
    ]
