import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_vigie_worker_runs_queued_tasks_and_exits_in_batch_mode(tmp_path):
    from tests.core.tasks_for_tests import write_marker

    marker = tmp_path / "marker.txt"
    result = write_marker.enqueue(str(marker), "bonjour")
    call_command("worker", batch=True)
    assert marker.read_text() == "bonjour"
    assert write_marker.get_result(result.id).status == "SUCCESSFUL"
