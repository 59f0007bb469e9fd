import datetime as dt
import json

from django.core.management import call_command
from django.utils import timezone

from tests.register.factories import make_request
from vigie.mail.models import OutboxMessage
from vigie.register.models import UserRequest
from vigie.register.requests.messaging import messages_of
from vigie.register.requests.services import reply_to_request


def _answered(world, replied):
    request = make_request(
        world,
        received=dt.datetime(2022, 1, 3, 10, 0),
        subject="Accueil",
        text="Mon dossier 123",
        themes=["Accueil"],
        requester={"name": "Jeanne Martin", "email": "jeanne@example.org"},
    )
    return reply_to_request(actor=None, request=request, text="Réponse à Mme Martin", replied_at=replied)


def test_personal_data_is_erased_after_the_retention_period_and_statistics_are_kept(world, capsys):
    old = _answered(world, dt.datetime(2022, 1, 5, 10, 0))
    recent = _answered(world, timezone.localtime().replace(tzinfo=None) - dt.timedelta(days=30))
    call_command("erase_personal_data")
    assert "1 demande(s) anonymisée(s)." in capsys.readouterr().out
    old.refresh_from_db()
    assert (old.requester_name, old.requester_email, old.text, old.reply_text) == ("", "", "[effacé]", "[effacé]")
    assert (old.delay_working_days, old.on_time, old.subject) == (2, True, "[effacé]")  # statistics kept
    assert [t.name for t in old.themes.all()] == ["Accueil"]
    assert messages_of(old).get().to == "efface@invalid.invalid"
    recent.refresh_from_db()
    assert recent.requester_email == "jeanne@example.org"


def test_a_department_sets_its_own_retention(world):
    world.dept_a.retention_months = 6
    world.dept_a.save()
    request = _answered(world, timezone.localtime().replace(tzinfo=None) - dt.timedelta(days=200))
    call_command("erase_personal_data")
    assert UserRequest.objects.get(pk=request.pk).anonymised_at is not None


def test_export_gives_everything_held_about_a_request(world, capsys):
    request = _answered(world, dt.datetime(2022, 1, 5, 10, 0))
    call_command("export_request", request.reference)
    data = json.loads(capsys.readouterr().out)
    assert data["requester"]["email"] == "jeanne@example.org" and data["reply"]["text"] == "Réponse à Mme Martin"
    assert data["messages_sent"][0]["to"] == "jeanne@example.org"
    assert data["themes"] == ["Accueil"]
    assert [e["action"] for e in data["history"]] == ["Enregistrée", "Attribuée", "Répondue"]


def test_retention_counts_from_the_closing(world):
    """Answered long ago but closed recently: kept until the period after the closing has passed."""
    from vigie.register.requests.services import close_request

    request = _answered(world, dt.datetime(2022, 1, 5, 10, 0))
    close_request(actor=None, request=request, at=timezone.now() - dt.timedelta(days=30))
    call_command("erase_personal_data")
    request.refresh_from_db()
    assert request.anonymised_at is None and request.requester_email == "jeanne@example.org"
    close_at = timezone.now() - dt.timedelta(days=31 * 25)
    UserRequest.objects.filter(pk=request.pk).update(closed_at=close_at)
    call_command("erase_personal_data")
    request.refresh_from_db()
    assert request.anonymised_at is not None and request.requester_email == ""
    assert list(request.events.values_list("action", flat=True))[-1] == "erased"


def test_an_unanswered_request_is_never_erased(world):
    request = make_request(world, received=dt.datetime(2020, 1, 6, 10), requester={"email": "a@example.org"})
    call_command("erase_personal_data")
    request.refresh_from_db()
    assert request.requester_email == "a@example.org"


def test_a_thanks_never_closed_is_erased_counting_from_its_receipt(world):
    """A request that expects no answer would otherwise keep its author's identity forever."""
    thanks = make_request(
        world, kind="thanks", received=dt.datetime(2022, 1, 3, 10), requester={"email": "merci@example.org"}
    )
    recent = make_request(world, kind="thanks", requester={"email": "merci@example.org"})
    UserRequest.objects.filter(pk=recent.pk).update(received_at=timezone.now() - dt.timedelta(days=30))
    call_command("erase_personal_data")
    thanks.refresh_from_db()
    recent.refresh_from_db()
    assert (thanks.requester_email, recent.requester_email) == ("", "merci@example.org")


def test_free_texts_of_the_history_are_erased_with_the_request(world):
    from vigie.register.requests.services import close_request, record_event, reopen_request

    request = _answered(world, dt.datetime(2022, 1, 5, 10, 0))
    record_event(request, "created", None, "Pièce jointe non conservée : « passeport-jeanne-martin.exe » : refusé")
    close_request(actor=None, request=request, at=timezone.now() - dt.timedelta(days=31 * 26))
    reopen_request(actor=None, request=request, reason="Mme Martin rappelle au sujet de son dossier")
    close_request(actor=None, request=request, at=timezone.now() - dt.timedelta(days=31 * 25))
    call_command("erase_personal_data")
    details = " ".join(request.events.values_list("detail", flat=True))
    assert "Martin" not in details and "passeport" not in details
    assert list(request.events.filter(action="reopened").values_list("detail", flat=True)) == ["[effacé]"]


def test_digests_to_agents_are_deleted_after_a_month(world):
    from vigie.register.requests.messaging import queue_message

    old = queue_message(None, "Vigie — demandes à traiter", "- 51-2024-000001 — Dossier de Mme Martin", to="a@x.fr")
    new = queue_message(None, "Vigie — demandes à traiter", "- 51-2024-000002 — Horaires", to="a@x.fr")
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    call_command("erase_personal_data")
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [new.pk]
