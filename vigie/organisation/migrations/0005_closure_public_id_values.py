import uuid

from django.db import migrations


def give_each_closure_its_own_id(apps, schema_editor):
    ClosureDay = apps.get_model("organisation", "ClosureDay")
    for closure in ClosureDay.objects.only("pk"):
        ClosureDay.objects.filter(pk=closure.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("organisation", "0004_closure_public_id")]

    operations = [migrations.RunPython(give_each_closure_its_own_id, migrations.RunPython.noop)]
