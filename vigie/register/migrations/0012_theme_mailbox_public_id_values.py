import uuid

from django.db import migrations


def give_each_row_its_own_id(apps, schema_editor):
    for name in ("Theme", "Mailbox"):
        model = apps.get_model("register", name)
        for row in model.objects.only("pk"):
            model.objects.filter(pk=row.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("register", "0011_theme_mailbox_public_id")]

    operations = [migrations.RunPython(give_each_row_its_own_id, migrations.RunPython.noop)]
