import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("register", "0012_theme_mailbox_public_id_values")]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"),
        )
        for name in ("theme", "mailbox")
    ]
