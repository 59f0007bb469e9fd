"""An import writes the same measurements and history rows on every database: on PostgreSQL by COPY into a temporary
table and set-based statements, elsewhere by batches (vigie/indicators/bulk.py). The same two imports (creations of
every kind, then a correction, an unchanged row and a creation) are checked value for value on whichever database
the suite runs on; on PostgreSQL the batched path runs too, against the same expectations."""

from decimal import Decimal

import pytest
from django.db import connection

from vigie.indicators import bulk
from vigie.indicators.imports import ParsedRow
from vigie.indicators.models import Measurement, MeasurementChange
from vigie.indicators.services import save_measurements

FIRST = [
    ParsedRow(
        2, "TEL-DECROCHE", "pref-51", "2021-01", Decimal(7637), Decimal(9903), Decimal("77.1"), "standard saturé"
    ),
    ParsedRow(3, "TEL-DECROCHE", "sp-reims", "2021-01", Decimal(50), Decimal(80)),
    ParsedRow(4, "WEB-CONNEXION", None, "2021-01", Decimal(32403), None),  # denominator: the population
    ParsedRow(5, "RS-CONNEXIONS", "pref-51", "2021-01", Decimal(120), None),  # a count
    ParsedRow(6, "TEL-DECROCHE", "pref-51", "2019", Decimal(800), Decimal(1000)),  # a yearly value alone
    ParsedRow(7, "TEL-DECROCHE", "sp-reims", "2021-02", None, None, Decimal(80)),  # the published value alone
]
SECOND = [
    ParsedRow(1, "TEL-DECROCHE", "pref-51", "2021-01", Decimal(7700), Decimal(9903), None, "corrigé"),
    ParsedRow(2, "TEL-DECROCHE", "sp-reims", "2021-01", Decimal(50), Decimal(80)),  # unchanged
    ParsedRow(3, "RS-CONNEXIONS", "pref-51", "2021-02", Decimal(130), None),
]


def _snapshot(numerator, denominator=None, published_value=None, comment=""):
    return {"numerator": numerator, "denominator": denominator, "published_value": published_value, "comment": comment}


CALLS = _snapshot("7637.0000", "9903.0000", "77.1000", "standard saturé")


@pytest.fixture(params=["database", "batches"])
def path(request, monkeypatch):
    """The database's own path; and on PostgreSQL the batched one as well (elsewhere it is the same path)."""
    if request.param == "batches":
        if connection.vendor != "postgresql":
            pytest.skip("the batched path is the database's own")
        monkeypatch.setattr(bulk, "_copy_and_write", bulk._write_in_batches)
    return request.param


def test_an_import_and_its_correction_write_the_same_rows_and_history_on_every_path(world, path):
    first = save_measurements(actor=world.officer, department=world.dept_a, rows=FIRST, source="imported")
    assert (first.count("create"), first.count("update"), first.count("unchanged")) == (6, 0, 0)
    second = save_measurements(actor=None, department=world.dept_a, rows=SECOND, source="api")
    assert (second.count("create"), second.count("update"), second.count("unchanged")) == (1, 1, 1)

    measurements = Measurement.objects.values_list(
        "indicator__code",
        "site__code",
        "period_kind",
        "year",
        "period_index",
        "numerator",
        "denominator",
        "published_value",
        "basis_unknown",
        "comment",
        "source",
        "updated_by__username",
        "department__code",
    )
    assert sorted(measurements, key=str) == sorted(
        [
            ("TEL-DECROCHE", "pref-51", "month", 2021, 1, 7700, 9903, None, False, "corrigé", "api", None, "51"),
            ("TEL-DECROCHE", "sp-reims", "month", 2021, 1, 50, 80, None, False, "", "imported", "officer", "51"),
            ("WEB-CONNEXION", None, "month", 2021, 1, 32403, 360970, None, False, "", "imported", "officer", "51"),
            ("RS-CONNEXIONS", "pref-51", "month", 2021, 1, 120, None, None, False, "", "imported", "officer", "51"),
            ("TEL-DECROCHE", "pref-51", "year", 2019, 1, 800, 1000, None, False, "", "imported", "officer", "51"),
            (
                "TEL-DECROCHE",
                "sp-reims",
                "month",
                2021,
                2,
                Decimal("0.8"),
                1,
                80,
                True,
                "",
                "imported",
                "officer",
                "51",
            ),
            ("RS-CONNEXIONS", "pref-51", "month", 2021, 2, 130, None, None, False, "", "api", None, "51"),
        ],
        key=str,
    )
    stamps = Measurement.objects.values_list("public_id", "created_at", "updated_at")
    assert len({public_id for public_id, _, _ in stamps}) == 7 and all(c and u >= c for _, c, u in stamps)

    history = MeasurementChange.objects.values_list(
        "measurement__indicator__code",
        "measurement__site__code",
        "measurement__year",
        "measurement__period_index",
        "changed_by__username",
        "source",
        "old",
        "new",
    )
    assert sorted(history, key=str) == sorted(
        [
            ("TEL-DECROCHE", "pref-51", 2021, 1, "officer", "imported", None, CALLS),
            (
                "TEL-DECROCHE",
                "pref-51",
                2021,
                1,
                None,
                "api",
                CALLS,
                _snapshot("7700.0000", "9903.0000", None, "corrigé"),
            ),
            ("TEL-DECROCHE", "sp-reims", 2021, 1, "officer", "imported", None, _snapshot("50.0000", "80.0000")),
            ("WEB-CONNEXION", None, 2021, 1, "officer", "imported", None, _snapshot("32403.0000", "360970.0000")),
            ("RS-CONNEXIONS", "pref-51", 2021, 1, "officer", "imported", None, _snapshot("120.0000")),
            ("TEL-DECROCHE", "pref-51", 2019, 1, "officer", "imported", None, _snapshot("800.0000", "1000.0000")),
            (
                "TEL-DECROCHE",
                "sp-reims",
                2021,
                2,
                "officer",
                "imported",
                None,
                _snapshot("0.8000", "1.0000", "80.0000"),
            ),
            ("RS-CONNEXIONS", "pref-51", 2021, 2, None, "api", None, _snapshot("130.0000")),
        ],
        key=str,
    )
    latest = MeasurementChange.objects.filter(measurement__comment="corrigé").first()
    assert latest.source == "api" and latest.old == CALLS  # newest first, as the indicator page lists them
