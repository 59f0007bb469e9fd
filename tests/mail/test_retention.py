"""Personal data in the outbox: the app that owns an object erases its messages; messages about no object (digests)
are deleted after the app's period. The app's own retention rules are tested with it (tests/register/test_privacy)."""

import datetime as dt
import uuid

from django.utils import timezone

from vigie.mail.models import OutboxAttachment, OutboxMessage
from vigie.mail.queries import messages_about, waiting_messages
from vigie.mail.services import (
    FileToSend,
    delete_messages_about_no_object,
    erase_messages,
    queue_message,
)

ONE, TWO = uuid.uuid4(), uuid.uuid4()


def _queue(app_label, public_id, **more):
    return queue_message(
        app_label=app_label, public_id=public_id, to="jeanne@example.org", subject="S", body="B", **more
    )


def test_erasing_the_messages_of_objects_keeps_their_state_and_touches_no_other(db):
    erased = _queue("register", ONE, attachments=[FileToSend("a.pdf", "application/pdf", b"%PDF")])
    other_object, other_app = _queue("register", TWO), _queue("surveys", ONE)
    assert erase_messages(app_label="register", public_ids=[ONE]) == 1
    erased.refresh_from_db()
    assert (erased.to, erased.subject, erased.body) == ("efface@invalid.invalid", "[effacé]", "[effacé]")
    assert erased.next_attempt_at is not None and not OutboxAttachment.objects.exists()
    for kept in (other_object, other_app):
        kept.refresh_from_db()
        assert kept.to == "jeanne@example.org"


def test_old_messages_about_no_object_of_the_app_are_deleted(db):
    _old, new = _queue("register", None), _queue("register", None)
    about_object, other_app = _queue("register", ONE), _queue("surveys", None)
    OutboxMessage.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    OutboxMessage.objects.filter(pk=new.pk).update(created_at=timezone.now())
    limit = timezone.now() - dt.timedelta(days=30)
    assert delete_messages_about_no_object(app_label="register", created_before=limit) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {new.pk, about_object.pk, other_app.pk}


def test_the_messages_of_an_object_and_those_of_an_app_still_waiting(db):
    first, sent, given_up = _queue("register", ONE), _queue("register", ONE), _queue("register", ONE)
    _queue("register", None)  # a digest: about no object
    _queue("surveys", ONE)
    OutboxMessage.objects.filter(pk=sent.pk).update(sent_at=timezone.now())
    OutboxMessage.objects.filter(pk=given_up.pk).update(failed_at=timezone.now())
    assert list(messages_about(app_label="register", public_id=ONE)) == [first, sent, given_up]
    assert list(waiting_messages(app_label="register")) == [first]
