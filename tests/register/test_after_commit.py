"""What runs after a commit never turns a saved write into an error: the request is saved, the client is told so
(201), the failure is logged without personal data and the worker runs the work again. A real failure: the
catalogue's register indicators made quarterly, so the monthly measurements the register computes are refused."""

import logging

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.conftest import World
from vigie.frameworks.models import Indicator
from vigie.indicators.models import Measurement, StaleCell
from vigie.mail.models import OutboxMessage
from vigie.register.analysis.indicators import register_codes
from vigie.register.models import UserRequest

BODY = {
    "kind": "complaint",
    "channel": "email",
    "received_at": "2024-05-06T10:00:00",
    "site": "pref-51",
    "service": "etrangers",
    "subject": "Rendez-vous de Camille Martin",
    "text": "Impossible d'obtenir un rendez-vous.",
    "requester": {"name": "Camille Martin", "email": "camille.martin@example.org"},
}
REPUBLISH = "vigie.register.requests.indicator_cells.recompute_register_cells"


@pytest.mark.django_db(transaction=True)
def test_a_failing_republication_after_the_commit_answers_what_was_saved_and_the_worker_retries_it(caplog):
    world = World()
    indicators = Indicator.objects.filter(code__in=register_codes(), department=None)
    periodicity = indicators.values_list("periodicity", flat=True).first()
    indicators.update(periodicity="quarter")  # the register computes months: the publication is refused

    with caplog.at_level(logging.ERROR, logger="vigie.core.tasks"):
        response = world.client_for(world.agent).post("/api/v1/requests", BODY, content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["reference"] == "51-2024-000001"
    assert UserRequest.objects.count() == 1 and OutboxMessage.objects.filter(tag="acknowledgement").count() == 1
    assert not Measurement.objects.exists()
    [record] = caplog.records
    assert record.getMessage().startswith(f"{REPUBLISH} a échoué après validation (MeasurementsRejected, ")
    assert "Camille" not in record.getMessage() and "example.org" not in record.getMessage()
    assert record.exc_info is None  # the traceback stays in the worker's result row, not in the logs
    retry = DBTaskResult.objects.get(task_path=REPUBLISH)
    assert retry.status == "READY" and retry.args_kwargs["kwargs"]["department_id"] == world.dept_a.pk
    # the request's cell stays marked: the results page says the figures are being recomputed
    assert StaleCell.objects.filter(year=2024, month=5).count() == 1
    page = world.client_for(world.officer).get("/departements/51/resultats/?annee=2024").content.decode()
    assert "en cours de recalcul" in page

    indicators.update(periodicity=periodicity)  # the catalogue corrected, the worker catches up
    call_command("worker", batch=True)
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert not StaleCell.objects.exists()
    published = Measurement.objects.get(source="computed")  # due on 15 May 2024, unanswered: 0 on time out of 1
    assert (published.indicator.code, published.numerator, published.denominator) == ("RECLAM-DELAI-OK", 0, 1)


@pytest.mark.django_db(transaction=True)
def test_without_a_failure_the_indicators_are_published_at_once():
    world = World()
    client = world.client_for(world.agent)
    reference = client.post("/api/v1/requests", BODY, content_type="application/json").json()["reference"]
    reply = {"text": "Réponse", "replied_at": "2024-05-07T10:00:00"}
    assert client.post(f"/api/v1/requests/{reference}/reply", reply, content_type="application/json").status_code == 200
    assert Measurement.objects.filter(indicator__code="RECLAM-DELAI", source="computed").count() == 1
    assert not DBTaskResult.objects.filter(task_path=REPUBLISH).exists()
