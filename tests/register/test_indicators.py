import datetime as dt

from django.core.management import call_command

from vigie.register.requests.indicator_cells import recompute_all_marked
from vigie.register.requests.services import create_request, reply_to_request


def _complaint(world, day, channel="email", kind="complaint"):
    return create_request(
        actor=None,
        site=world.site_a1,
        service=world.service_a1,
        kind=kind,
        channel=channel,
        received_at=dt.datetime(2024, 5, day, 10, 0),
        subject="s",
        text="t",
    )


def test_register_feeds_rate_on_time_and_mean_delay(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        on_time = _complaint(world, 6)  # due 15 May
        late = _complaint(world, 6)
        _complaint(world, 6)  # unanswered, due date passed: counts as due, not answered
        _complaint(world, 27)  # unanswered, due 3 June: counts once its due date has passed (as of today)
        reply_to_request(actor=None, request=on_time, text="ok", replied_at=dt.datetime(2024, 5, 13, 9, 0))
        reply_to_request(actor=None, request=late, text="ok", replied_at=dt.datetime(2024, 5, 17, 9, 0))
        letter = _complaint(world, 6, channel="letter", kind="information")
        reply_to_request(actor=None, request=letter, text="ok", replied_at=dt.datetime(2024, 5, 7, 9, 0))
    recompute_all_marked()  # what the worker does with the recomputation the writes enqueued
    client = world.client_for(world.officer)
    rate = client.get("/api/v1/indicators/RECLAM-DELAI-OK/results?department=51&year=2024&site=pref-51").json()
    assert rate == [
        {"period": "2024-05", "numerator": 1, "denominator": 4, "value": 25.0, "target": 75.0, "met": False}
    ]
    delay = client.get("/api/v1/indicators/RECLAM-DELAI/results?department=51&year=2024&by=year").json()[0]
    assert (delay["numerator"], delay["denominator"], delay["value"]) == (3 + 7, 2, 5.0)  # 3 and 7 working days
    letters = client.get("/api/v1/indicators/COURRIER-INFO-10J/results?department=51&year=2024").json()[0]
    assert (letters["numerator"], letters["denominator"]) == (1, 1)


def test_command_recomputes_a_year(world, capsys):
    _complaint(world, 6)
    call_command("compute_register_indicators", "--department", "51", "--year", "2024")
    assert "51 2024 : 1 mesures calculées." in capsys.readouterr().out


def test_a_requalified_request_leaves_no_stale_published_figure(world, django_capture_on_commit_callbacks):
    """A complaint requalified as thanks no longer counts: its month's computed measurements go, so the published
    figures equal the register's; an imported figure of the same indicator for another month stays."""
    from vigie.indicators.imports import ParsedRow
    from vigie.indicators.models import Measurement
    from vigie.indicators.services import save_measurements
    from vigie.register.requests.services import assign_request

    save_measurements(
        actor=None,
        department=world.dept_a,
        rows=[ParsedRow(1, "RECLAM-DELAI-OK", "pref-51", "2024-01", 3, 4)],
        source="imported",
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = _complaint(world, 6)
    recompute_all_marked()
    codes = set(Measurement.objects.filter(source="computed").values_list("indicator__code", flat=True))
    assert codes == {"RECLAM-DELAI-OK"}  # unanswered, due date passed: counted as due
    with django_capture_on_commit_callbacks(execute=True):
        assign_request(actor=None, request=request, service=world.service_a1, kind="thanks")
    recompute_all_marked()
    assert list(Measurement.objects.values_list("indicator__code", "source", "period_index")) == [
        ("RECLAM-DELAI-OK", "imported", 1)
    ]
    client = world.client_for(world.officer)
    rate = client.get("/api/v1/indicators/RECLAM-DELAI-OK/results?department=51&year=2024&site=pref-51").json()
    assert [r["period"] for r in rate] == ["2024-01"]
