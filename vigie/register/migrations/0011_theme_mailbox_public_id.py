# Public ids for themes and mailboxes, so that their URLs carry no integer primary key. Three steps (Django's recipe
# for a unique field on existing rows): add it without uniqueness, give each row its own value, then make it unique.
import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("register", "0010_move_outbox_to_mail")]

    operations = [
        migrations.AddField(
            model_name=name,
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="identifiant public"),
        )
        for name in ("theme", "mailbox")
    ]
