"""Closure days are reached by a public id (no integer primary key in a URL); existing closures get one each."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrate_all_to_latest
from vigie.organisation.models import ClosureDay

BEFORE = [("organisation", "0003_retention_help_text")]
AFTER = [("organisation", "0006_closure_public_id_unique")]


def test_a_closure_is_deleted_by_its_public_id_and_its_number_is_no_address(world):
    closure = ClosureDay.objects.create(site=world.site_a2, date="2030-01-02")
    client = world.client_for(world.officer)
    base = "/departements/51/sites/sp-reims/fermetures/"
    assert client.post(f"{base}{closure.pk}/supprimer/").status_code == 404
    assert client.post(f"{base}{uuid.uuid4()}/supprimer/").status_code == 404
    assert ClosureDay.objects.filter(pk=closure.pk).exists()
    page = client.get("/departements/51/sites/sp-reims/").content.decode()
    assert f"{base}{closure.public_id}/supprimer/" in page
    assert client.post(f"{base}{closure.public_id}/supprimer/").status_code == 302
    assert not ClosureDay.objects.filter(pk=closure.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_closures_recorded_before_the_migration_each_get_their_own_public_id():
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        department = old.get_model("organisation", "Department").objects.create(code="51", name="Marne", population=1)
        site = old.get_model("organisation", "Site").objects.create(department=department, code="pref-51", name="P")
        for day in ("2030-01-02", "2030-01-03", "2030-01-04"):
            old.get_model("organisation", "ClosureDay").objects.create(site=site, date=day)
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        ids = list(ClosureDay.objects.values_list("public_id", flat=True))
        assert len(ids) == 3 and len(set(ids)) == 3 and None not in ids
    finally:  # back to the latest migrations: going back to organisation 0003 unapplied every app depending on it
        migrate_all_to_latest()
