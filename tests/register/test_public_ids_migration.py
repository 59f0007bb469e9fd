"""Themes and mailboxes recorded before their public ids existed each get their own (URLs carry no integer key)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrate_all_to_latest
from vigie.register.models import Mailbox, Theme

BEFORE = [("register", "0010_move_outbox_to_mail")]
AFTER = [("register", "0013_theme_mailbox_public_id_unique")]


@pytest.mark.django_db(transaction=True)
def test_existing_themes_and_mailboxes_each_get_their_own_public_id():
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        department = old.get_model("organisation", "Department").objects.create(code="51", name="Marne", population=1)
        site = old.get_model("organisation", "Site").objects.create(department=department, code="pref-51", name="P")
        for name in ("Accueil", "Délais", "Site internet"):
            old.get_model("register", "Theme").objects.create(department=department, name=name)
        for username in ("a", "b"):
            old.get_model("register", "Mailbox").objects.create(
                department=department, site=site, host="imap.example.org", username=username, password="x"
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        for model, count in ((Theme, 3), (Mailbox, 2)):
            ids = list(model.objects.values_list("public_id", flat=True))
            assert len(ids) == count and len(set(ids)) == count and None not in ids
    finally:  # back to the latest migrations for the next tests
        migrate_all_to_latest()
