"""IMAP passwords are encrypted at rest (VIGIE_ENCRYPTION_KEYS, vigie/core/encryption.py): the column holds a Fernet
token, never the password; keys can be rotated; a wrong key is a clear error; the migration encrypts the passwords
already stored and decrypts them backwards; production refuses to start without a key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.environment import run_vigie
from tests.register import test_mailin_imap as imap
from tests.register.test_config_screens import BASE, _mailbox_data
from vigie.register.models import Mailbox

PASSWORD = "Secret-IMAP-42"
KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
# the real IMAP server (Debian's dovecot on loopback) and a mailbox reading it, from the IMAP tests
dovecot_server, imap_server, mailbox = imap.dovecot_server, imap.imap_server, imap.mailbox


def stored_password(mailbox_id: int) -> str:
    """The column as the database holds it, read with SQL (the model would decrypt it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM register_mailbox WHERE id = %s", [mailbox_id])
        return cursor.fetchone()[0]


def _mailbox(world) -> Mailbox:
    return Mailbox.objects.create(
        department=world.dept_a, site=world.site_a1, host="imap.example.org", username="boite", password=PASSWORD
    )


def test_a_password_saved_from_the_screen_is_stored_encrypted_and_never_shown(world, settings):
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_A]
    client = world.client_for(world.officer)
    assert client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world)).status_code == 302
    box = Mailbox.objects.get()
    token = stored_password(box.pk)
    assert "Secret-IMAP-42" not in token and Fernet(KEY_A).decrypt(token.encode()) == b"Secret-IMAP-42"
    assert box.password == "Secret-IMAP-42"  # the code reads it in clear
    for path in (f"{BASE}boites/", f"{BASE}boites/{box.public_id}/"):
        html = client.get(path).content.decode()
        assert "Secret-IMAP-42" not in html and token not in html
    refused = client.post(f"{BASE}boites/{box.public_id}/", _mailbox_data(world, password="Autre-1", port="0"))
    assert refused.status_code == 400 and "Autre-1" not in refused.content.decode()
    assert stored_password(box.pk) == token  # a refused change writes nothing


def test_each_save_gives_a_new_token(world, settings):
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_A]
    first, second = _mailbox(world), _mailbox(world)
    assert stored_password(first.pk) != stored_password(second.pk)


def test_keys_are_rotated_without_losing_a_password(world, settings):
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_A]
    box = _mailbox(world)
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_B, KEY_A]  # the new key first: the old one still reads
    assert Mailbox.objects.get().password == PASSWORD
    call_command("rotate_encryption_keys")
    Fernet(KEY_B).decrypt(stored_password(box.pk).encode())  # now encrypted with the new key
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_B]  # the old key removed
    assert Mailbox.objects.get().password == PASSWORD


def test_a_password_encrypted_with_a_removed_key_is_a_clear_error(world, settings):
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_A]
    _mailbox(world)
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(ImproperlyConfigured, match="aucune clé de VIGIE_ENCRYPTION_KEYS"):
        Mailbox.objects.get()


def test_the_mailbox_still_connects_to_a_real_imap_server(world, imap_server, mailbox, capsys):
    assert imap_server.password not in stored_password(mailbox.pk)
    call_command("fetch_mail")
    assert "0 demande(s) créée(s)." in capsys.readouterr().out
    mailbox.refresh_from_db()
    assert mailbox.last_error == "" and mailbox.last_checked_at is not None


BEFORE = [("register", "0016_remove_follow_up_action")]
AFTER = [("register", "0017_mailbox_password_encrypted")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_stored_passwords_and_decrypts_them_backwards(settings):
    settings.VIGIE_ENCRYPTION_KEYS = [KEY_A]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    department = old.get_model("organisation", "Department").objects.create(code="51", name="Marne", population=1)
    site = old.get_model("organisation", "Site").objects.create(department=department, code="pref-51", name="P")
    ids = [
        old.get_model("register", "Mailbox")
        .objects.create(department=department, site=site, host="imap.example.org", username=name, password=password)
        .pk
        for name, password in (("a", "Premier-1"), ("b", "Deuxième-2 é"))
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    tokens = [stored_password(pk) for pk in ids]
    assert [Fernet(KEY_A).decrypt(t.encode()).decode() for t in tokens] == ["Premier-1", "Deuxième-2 é"]
    assert list(Mailbox.objects.order_by("username").values_list("password", flat=True)) == [
        "Premier-1",
        "Deuxième-2 é",
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    assert [stored_password(pk) for pk in ids] == ["Premier-1", "Deuxième-2 é"]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the latest schema again for the other tests


PRODUCTION = {"DEBUG": "false", "SITE_URL": "https://vigie.example.gouv.fr", "ALLOWED_HOSTS": "vigie.example.gouv.fr"}


def test_production_refuses_to_start_without_a_key(tmp_path):
    result = run_vigie("check", environment={**PRODUCTION, "VIGIE_ENCRYPTION_KEYS": ""}, tmp_path=tmp_path)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: VIGIE_ENCRYPTION_KEYS manque")


def test_a_malformed_key_is_refused_at_start_without_being_printed(tmp_path):
    environment = {**PRODUCTION, "VIGIE_ENCRYPTION_KEYS": f"{KEY_A},pas-une-cle-secrete"}
    result = run_vigie("check", environment=environment, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "la clé n° 2 n'est pas une clé Fernet" in result.stderr
    assert "pas-une-cle-secrete" not in result.stderr and KEY_A not in result.stderr


def test_with_a_key_production_starts(tmp_path):
    result = run_vigie("check", environment={**PRODUCTION, "VIGIE_ENCRYPTION_KEYS": KEY_A}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_outside_production_a_key_is_derived_from_the_secret_key(tmp_path):
    result = run_vigie("check", environment={"VIGIE_ENCRYPTION_KEYS": ""}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
