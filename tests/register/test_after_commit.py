"""What runs after a commit never turns a saved write into an error, nor makes it wait: the request is saved, the
client is told so (201), and the recomputation of its indicator cell is the worker's; when that fails, the marks
stay (« en cours de recalcul »), the failure stays in the worker's result row and the task runs again later. A real
failure: the catalogue's register indicators made quarterly, so the monthly measurements the register computes are
refused."""

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
RECOMPUTE = "vigie.register.requests.indicator_cells.recompute_register_cells"


@pytest.mark.django_db(transaction=True)
def test_a_failing_recomputation_never_touches_the_answer_and_runs_again(caplog):
    world = World()
    indicators = Indicator.objects.filter(code__in=register_codes(), department=None)
    periodicity = indicators.values_list("periodicity", flat=True).first()
    indicators.update(periodicity="quarter")  # the register computes months: the publication is refused

    with caplog.at_level(logging.ERROR):
        response = world.client_for(world.agent).post("/api/v1/requests", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["reference"] == "51-2024-000001"
    assert UserRequest.objects.count() == 1 and OutboxMessage.objects.filter(tag="acknowledgement").count() == 1
    assert not caplog.records  # nothing ran in the request
    [task] = DBTaskResult.objects.filter(task_path=RECOMPUTE)
    assert task.status == "READY" and task.args_kwargs["kwargs"]["department_id"] == world.dept_a.pk

    call_command("worker", batch=True)
    task.refresh_from_db()
    assert task.status == "FAILED" and "MeasurementsRejected" in task.traceback
    assert not Measurement.objects.exists()
    # the request's cell stays marked: the results page says the figures are being recomputed
    assert StaleCell.objects.filter(year=2024, month=5).count() == 1
    page = world.client_for(world.officer).get("/departements/51/resultats/?annee=2024").content.decode()
    assert "en cours de recalcul" in page
    [retry] = DBTaskResult.objects.filter(task_path=RECOMPUTE, status="READY")
    assert retry.run_after > task.finished_at  # later (RETRY_AFTER), not at once

    indicators.update(periodicity=periodicity)  # the catalogue corrected; the time of the retry comes
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)
    call_command("worker", batch=True)
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert not StaleCell.objects.exists()
    published = Measurement.objects.get(source="computed")  # due on 15 May 2024, unanswered: 0 on time out of 1
    assert (published.indicator.code, published.numerator, published.denominator) == ("RECLAM-DELAI-OK", 0, 1)


@pytest.mark.django_db(transaction=True)
def test_the_worker_publishes_the_indicators_of_a_creation_and_its_reply_in_one_task():
    world = World()
    client = world.client_for(world.agent)
    reference = client.post("/api/v1/requests", BODY, content_type="application/json").json()["reference"]
    reply = {"text": "Réponse", "replied_at": "2024-05-07T10:00:00"}
    assert client.post(f"/api/v1/requests/{reference}/reply", reply, content_type="application/json").status_code == 200
    assert not Measurement.objects.exists()
    assert DBTaskResult.objects.filter(task_path=RECOMPUTE).count() == 1  # the reply found its cell marked
    call_command("worker", batch=True)
    assert Measurement.objects.filter(indicator__code="RECLAM-DELAI", source="computed").count() == 1
    assert not StaleCell.objects.exists()
