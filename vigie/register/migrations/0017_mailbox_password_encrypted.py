"""IMAP passwords of the functional mailboxes encrypted at rest (VIGIE_ENCRYPTION_KEYS): the column becomes a text
holding a Fernet token, and the passwords already stored are encrypted; backwards, decrypted. Read and written with
SQL: the historical model's field would itself decrypt what it loads, and the stored values are still clear."""

from django.db import migrations

import vigie.core.encryption


def _rewrite(apps, schema_editor, change) -> None:
    connection = schema_editor.connection
    table = connection.ops.quote_name(apps.get_model("register", "Mailbox")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, password FROM {table}")  # noqa: S608 - the model's own table name
        for pk, value in cursor.fetchall():
            cursor.execute(f"UPDATE {table} SET password = %s WHERE id = %s", [change(value), pk])  # noqa: S608


def encrypt_passwords(apps, schema_editor) -> None:
    _rewrite(apps, schema_editor, vigie.core.encryption.encrypt)


def decrypt_passwords(apps, schema_editor) -> None:
    _rewrite(apps, schema_editor, vigie.core.encryption.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0016_remove_follow_up_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mailbox",
            name="password",
            field=vigie.core.encryption.EncryptedTextField(verbose_name="mot de passe"),
        ),
        migrations.RunPython(encrypt_passwords, decrypt_passwords),
    ]
