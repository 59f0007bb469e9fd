"""The outbox moved from the register to mail (register 0010) without losing a row: ids, state and the link to the
request are kept forward, and backward every row comes back."""

import datetime as dt

import pytest

from tests.migrations import migrate_all_to_latest, migrate_app

BEFORE = ("register", "0009_reopened_index")
AFTER = ("register", "0010_move_outbox_to_mail")
SENT_AT = dt.datetime(2024, 5, 6, 10, 5, tzinfo=dt.UTC)
FAILED_AT = dt.datetime(2024, 5, 7, 9, 0, tzinfo=dt.UTC)
CREATED_AT = dt.datetime(2024, 5, 6, 10, 0, tzinfo=dt.UTC)


def _request(apps):
    department = apps.get_model("organisation", "Department").objects.create(code="51", name="Marne", population=1)
    site = apps.get_model("organisation", "Site").objects.create(department=department, code="pref", name="Préf.")
    return apps.get_model("register", "UserRequest").objects.create(
        department=department,
        reference="51-2024-000001",
        kind="complaint",
        channel="email",
        received_at=CREATED_AT,
        received_date=CREATED_AT.date(),
        site=site,
        subject="Rendez-vous",
        text="Impossible d'obtenir un rendez-vous.",
        requester_email="jeanne@example.org",
    )


@pytest.mark.django_db(transaction=True)
def test_outbox_rows_move_to_mail_with_their_state_and_come_back():
    try:
        old_apps = migrate_app(BEFORE)
        request = _request(old_apps)
        outbox = old_apps.get_model("register", "OutboxMessage")
        acknowledgement = outbox.objects.create(
            request=request, to="jeanne@example.org", subject="Accusé", body="Bonjour", is_acknowledgement=True
        )
        refused = outbox.objects.create(request=request, to="jeanne@example.org", subject="Réponse", body="Votre…")
        digest = outbox.objects.create(to="agent@example.org", subject="Récapitulatif", body="- 51-2024-000001")
        # auto_now_add would overwrite dates given to create(): the state is written afterwards
        outbox.objects.filter(pk=acknowledgement.pk).update(created_at=CREATED_AT, attempts=1, sent_at=SENT_AT)
        outbox.objects.filter(pk=refused.pk).update(
            attempts=3, next_attempt_at=FAILED_AT, failed_at=FAILED_AT, last_error="destinataire refusé (550)"
        )

        new_apps = migrate_app(AFTER)
        moved = {m.pk: m for m in new_apps.get_model("mail", "OutboxMessage").objects.all()}
        assert set(moved) == {acknowledgement.pk, refused.pk, digest.pk}  # the same ids
        ack, failed, general = moved[acknowledgement.pk], moved[refused.pk], moved[digest.pk]
        assert (ack.related_app, ack.related_public_id, ack.tag, ack.auto_submitted) == (
            "register",
            request.public_id,
            "acknowledgement",
            "auto-replied",
        )
        assert (ack.created_at, ack.attempts, ack.sent_at, ack.failed_at) == (CREATED_AT, 1, SENT_AT, None)
        assert (ack.to, ack.subject, ack.body) == ("jeanne@example.org", "Accusé", "Bonjour")
        assert (failed.related_public_id, failed.tag, failed.auto_submitted) == (request.public_id, "", "")
        assert (failed.attempts, failed.next_attempt_at, failed.failed_at, failed.sent_at, failed.last_error) == (
            3,
            FAILED_AT,
            FAILED_AT,
            None,
            "destinataire refusé (550)",
        )
        assert (general.related_app, general.related_public_id, general.auto_submitted) == (
            "register",
            None,
            "auto-generated",
        )
        new_message = new_apps.get_model("mail", "OutboxMessage").objects.create(
            related_app="register", to="x@example.org", subject="s", body="b"
        )
        assert new_message.pk > max(moved)  # the id sequence went past the copied rows (PostgreSQL)
        new_message.delete()

        old_apps = migrate_app(BEFORE)
        back = {m.pk: m for m in old_apps.get_model("register", "OutboxMessage").objects.all()}
        assert set(back) == set(moved)
        assert (back[ack.pk].request_id, back[ack.pk].is_acknowledgement, back[ack.pk].sent_at) == (
            request.pk,
            True,
            SENT_AT,
        )
        assert (back[failed.pk].request_id, back[failed.pk].is_acknowledgement) == (request.pk, False)
        assert (back[failed.pk].failed_at, back[failed.pk].attempts, back[failed.pk].last_error) == (
            FAILED_AT,
            3,
            "destinataire refusé (550)",
        )
        assert (back[digest.pk].request_id, back[digest.pk].created_at) == (None, general.created_at)
        assert not old_apps.get_model("mail", "OutboxMessage").objects.exists()  # forward can run again
    finally:  # back to the latest migrations for the next tests
        migrate_all_to_latest()
