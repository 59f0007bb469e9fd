"""The outbox moves to the `mail` app: every row is copied to mail.OutboxMessage with its primary key (tasks waiting
in the worker's queue name messages by id) and its state; its link to a request becomes (« register », the
request's public id). Then register.OutboxMessage is removed.

Forward: an acknowledgement gets the tag « acknowledgement » and the header « auto-replied »; a message with no
request (digests, escalations) « auto-generated », as the sending did before. Backward: every mail row goes back
(a row of another app, or about an object that is gone, comes back with no request) and the mail rows are deleted,
so forward can run again; files attached to mail rows cannot go back and are dropped.

One INSERT … SELECT each way (no row goes through Python: the outbox keeps every e-mail ever sent), the same SQL
on SQLite and PostgreSQL; then PostgreSQL's id sequence is moved past the copied ids."""

from django.core.management.color import no_style
from django.db import migrations

ACKNOWLEDGEMENT = "acknowledgement"


def _columns(model, *names):
    return [model._meta.get_field(name).column for name in names]


def _reset_sequence(schema_editor, model):
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


STATE = ("to", "subject", "body", "created_at", "attempts", "next_attempt_at", "sent_at", "failed_at", "last_error")


def copy_to_mail(apps, schema_editor):
    old = apps.get_model("register", "OutboxMessage")
    new = apps.get_model("mail", "OutboxMessage")
    request = apps.get_model("register", "UserRequest")
    q = schema_editor.quote_name
    state_new = ", ".join(q(c) for c in _columns(new, *STATE))
    state_old = ", ".join(f"o.{q(c)}" for c in _columns(old, *STATE))
    (is_ack,) = _columns(old, "is_acknowledgement")
    (request_id,) = _columns(old, "request")
    schema_editor.execute(
        f"INSERT INTO {q(new._meta.db_table)} "  # noqa: S608 - names from the models, no input
        f"(id, related_app, related_public_id, tag, auto_submitted, {state_new}) "
        f"SELECT o.id, 'register', r.public_id, "
        f"CASE WHEN o.{q(is_ack)} THEN '{ACKNOWLEDGEMENT}' ELSE '' END, "
        f"CASE WHEN o.{q(is_ack)} THEN 'auto-replied' WHEN o.{q(request_id)} IS NULL THEN 'auto-generated' "
        f"ELSE '' END, {state_old} "
        f"FROM {q(old._meta.db_table)} o LEFT JOIN {q(request._meta.db_table)} r ON r.id = o.{q(request_id)}"
    )
    _reset_sequence(schema_editor, new)


def copy_back_to_register(apps, schema_editor):
    old = apps.get_model("register", "OutboxMessage")
    new = apps.get_model("mail", "OutboxMessage")
    attachment = apps.get_model("mail", "OutboxAttachment")
    request = apps.get_model("register", "UserRequest")
    q = schema_editor.quote_name
    state_old = ", ".join(q(c) for c in _columns(old, *STATE))
    state_new = ", ".join(f"m.{q(c)}" for c in _columns(new, *STATE))
    (is_ack,) = _columns(old, "is_acknowledgement")
    (request_id,) = _columns(old, "request")
    schema_editor.execute(
        f"INSERT INTO {q(old._meta.db_table)} (id, {q(request_id)}, {q(is_ack)}, {state_old}) "  # noqa: S608 - names from the models
        f"SELECT m.id, r.id, CASE WHEN m.related_app = 'register' AND m.tag = '{ACKNOWLEDGEMENT}' "
        f"THEN %s ELSE %s END, {state_new} "
        f"FROM {q(new._meta.db_table)} m "
        f"LEFT JOIN {q(request._meta.db_table)} r ON m.related_app = 'register' AND r.public_id = m.related_public_id",
        [True, False],
    )
    _reset_sequence(schema_editor, old)
    for table in (attachment._meta.db_table, new._meta.db_table):
        schema_editor.execute(f"DELETE FROM {q(table)}")  # noqa: S608 - names from the models, no input


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0009_reopened_index"),
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_mail, copy_back_to_register),
        migrations.DeleteModel(name="OutboxMessage"),
    ]
