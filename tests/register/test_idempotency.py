"""A creation sent twice creates one request: the API's Idempotency-Key, the hidden token of the agent's and the
public forms. The retry gets the first answer; the same key with another content is refused (409)."""

import datetime as dt
import os
import re
import threading

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from tests.conftest import World, api_errors
from vigie.core.idempotency import purge_idempotency_keys
from vigie.core.models import IdempotencyKey
from vigie.mail.models import OutboxMessage
from vigie.register.models import ReferenceCounter, UserRequest

BODY = {
    "kind": "complaint",
    "channel": "email",
    "received_at": "2024-05-06T10:00:00",
    "site": "pref-51",
    "service": "etrangers",
    "subject": "Rendez-vous",
    "text": "Impossible d'obtenir un rendez-vous.",
    "requester": {"name": "A. Usager", "email": "usager@example.org"},
}
KEY = "5f0c6a4e-2b1d-4f1e-9d0e-7a3c1b2d4e5f"


def _post(client, body=BODY, key=KEY):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/requests", body, content_type="application/json", headers=headers)


def _acknowledgements() -> int:
    return OutboxMessage.objects.filter(tag="acknowledgement").count()


def test_the_same_key_twice_gives_the_first_answer_and_one_request_one_acknowledgement(world):
    client = world.client_for(world.agent)
    first, again = _post(client), _post(client)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and first.json()["reference"] == "51-2024-000001"
    assert UserRequest.objects.count() == 1 and _acknowledgements() == 1
    # the same content, written differently (another key order, seconds omitted), is the same content
    reordered = {**dict(reversed(BODY.items())), "received_at": "2024-05-06T10:00"}
    assert _post(client, reordered).json() == first.json() and UserRequest.objects.count() == 1


def test_a_retry_of_a_request_before_2000_creates_nothing_and_answers_400_each_time(world):
    client = world.client_for(world.agent)
    statuses = [_post(client, {**BODY, "received_at": "0999-03-01T10:00:00"}).status_code for _ in range(4)]
    assert statuses == [400] * 4
    assert not UserRequest.objects.exists() and _acknowledgements() == 0
    assert _post(client).status_code == 201  # a refused try does not use up its key: the corrected one passes


def test_the_same_key_with_another_content_is_refused_409_in_french(world):
    client = world.client_for(world.agent)
    _post(client)
    response = _post(client, {**BODY, "subject": "Autre chose"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "clé d'idempotence déjà employée pour un autre contenu : une nouvelle création demande une nouvelle "
        "clé",
        "errors": [],
    }
    assert UserRequest.objects.count() == 1


def test_keys_belong_to_their_user_and_without_a_key_each_post_creates(world):
    _post(world.client_for(world.agent))
    assert _post(world.client_for(world.officer)).json()["reference"] == "51-2024-000002"
    assert _post(world.client_for(world.officer), key=None).json()["reference"] == "51-2024-000003"
    assert IdempotencyKey.objects.count() == 2


def test_a_key_too_long_is_refused_naming_the_header(world):
    response = _post(world.client_for(world.agent), key="k" * 256)
    assert response.status_code == 400
    assert api_errors(response) == {"Idempotency-Key": ["texte trop long (au plus 255 caractères)"]}
    assert not UserRequest.objects.exists()


def test_keys_expire_and_the_daily_job_purges_them(world, settings):
    settings.VIGIE_IDEMPOTENCY_HOURS = 1  # within the session's life (8 hours)
    client = world.client_for(world.agent)
    _post(client)
    later = timezone.now() + dt.timedelta(hours=settings.VIGIE_IDEMPOTENCY_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert _post(client).json()["reference"] == "51-2024-000002"  # an expired key is free again
        assert IdempotencyKey.objects.count() == 1
    with time_machine.travel(later + dt.timedelta(hours=settings.VIGIE_IDEMPOTENCY_HOURS), tick=False):
        assert purge_idempotency_keys.call() == 1
    assert not IdempotencyKey.objects.exists()


# --- The forms ------------------------------------------------------------------------------------------------------


def _token(page) -> str:
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def test_the_agent_form_posted_twice_records_one_request(world):
    client = world.client_for(world.agent)
    token = _token(client.get("/demandes/nouvelle/"))
    assert token != _token(client.get("/demandes/nouvelle/"))  # a new token at each empty form
    form = {
        "service": str(world.service_a1.pk),
        "kind": "complaint",
        "channel": "letter",
        "received_at": "2024-05-06T10:00",
        "subject": "Courrier",
        "text": "Lettre reçue.",
        "requester_email": "usager@example.org",
        "once": token,
    }
    first = client.post("/demandes/nouvelle/", form)
    again = client.post("/demandes/nouvelle/", form, follow=True)
    assert first.status_code == 302 and again.redirect_chain[0][0] == first["Location"]
    assert "formulaire envoyé deux fois" in again.content.decode()
    assert UserRequest.objects.count() == 1 and _acknowledgements() == 1
    other = client.post("/demandes/nouvelle/", {**form, "subject": "Autre courrier"})
    assert other.status_code == 409 and "déjà servi à enregistrer une demande" in other.content.decode()
    assert UserRequest.objects.count() == 1


PUBLIC_FORM = {"kind": "complaint", "site": "pref-51", "subject": "Accueil", "text": "Attente.", "website": ""}


def test_the_public_form_posted_twice_records_one_request_and_sends_one_acknowledgement(world):
    cache.clear()
    client = Client()
    form = {**PUBLIC_FORM, "email": "usager@example.org", "once": _token(client.get("/usagers/51/ecrire/"))}
    first, again = client.post("/usagers/51/ecrire/", form), client.post("/usagers/51/ecrire/", form)
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert UserRequest.objects.count() == 1 and _acknowledgements() == 1
    other = client.post("/usagers/51/ecrire/", {**form, "text": "Autre texte."})
    assert other.status_code == 409 and "déjà été envoyé, avec un autre contenu" in other.content.decode()
    assert UserRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (the SQLite test database is in memory, one writer at a time)",
)
def test_two_concurrent_posts_with_one_key_create_one_request():
    """Both posts pass the « key already stored? » read before either commits: the unique constraint decides. The
    reference counter is held locked meanwhile, so both are in flight together."""
    world = World()
    ReferenceCounter.objects.create(department=world.dept_a, year=2024)
    answers = []

    def post():
        try:
            answers.append(_post(world.client_for(world.agent)))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    with transaction.atomic():
        ReferenceCounter.objects.select_for_update().get()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=2)  # both blocked: one on the counter, the other on the key
        assert all(thread.is_alive() for thread in threads)
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert UserRequest.objects.count() == 1 and _acknowledgements() == 1
